"""The WSGI entry point for any server: `gunicorn wsgi:app`, `waitress-serve wsgi:app`, …"""

from matchmaker import create_app

app = create_app()
