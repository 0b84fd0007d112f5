"""A store of kept responses has one meaning per name."""

import pytest

from api.context import worker_state


def test_a_store_name_is_bound_to_its_stamps(app):
    with app.app_context():
        store = worker_state().responses("test-store", "inventory")
        assert worker_state().responses("test-store", "inventory") is store
        with pytest.raises(ValueError, match="test-store"):
            worker_state().responses("test-store", "availability")
