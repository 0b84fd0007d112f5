"""The bulk import of synthetic project rows into a fresh SQLite database: rows per second and peak memory."""

from __future__ import annotations

import csv
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from matchmaker.migrate import upgrade_database
from models.db import create_engine
from models.user import Role
from models.user_service import create_user

from .memory import PeakRss

INDUSTRIES = ["C3823", "C3824", "C3670", "C3441", "C3443", "C3587", "C3581", "C2231", "C3841", "I6513"]
DISTRICTS = ["鹿城区", "龙湾区", "瓯海区", "乐清市", "瑞安市", "永嘉县", "平阳县", "苍南县", "龙港市", "温州海经区"]


def write_projects_csv(path: Path, rows: int, *, incubators: list[str], seed: int = 1) -> None:
    """A synthetic projects file in the import's Chinese columns."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["孵化器", "名称", "行业代码", "简介", "阶段", "团队人数", "营业收入", "空间类型",
                         "需求面积下限", "需求面积上限", "需求日期", "洁净室", "意向区县"])
        for i in range(rows):
            low = rng.randint(2, 200) * 50
            writer.writerow([
                incubators[i % len(incubators)], f"测试项目{i:06d}", rng.choice(INDUSTRIES), "基准测试用的合成项目",
                rng.choice(["创业苗圃", "孵化", "加速"]), rng.randint(3, 200), rng.randint(0, 5000),
                rng.choice(["办公", "研发", "厂房"]), low, low * 2, f"2027-{rng.randint(1, 12):02d}-01",
                rng.choice(["是", "否"]), rng.choice(DISTRICTS),
            ])


def _timed_import(url: str, path: str) -> None:
    """The importing process: one JSON line when ready, one with the figures when done (stdout)."""
    import psutil

    from api.imports.schemas import ROW_SCHEMAS
    from models.db import create_sessionmaker
    from models.user import User
    from services.imports.uploads import import_upload

    engine = create_engine(url)
    session = create_sessionmaker(engine)()
    user = session.query(User).filter_by(username="bench").one()
    print(json.dumps({"start_rss_mb": psutil.Process().memory_info().rss / 2**20}), flush=True)
    started, started_cpu = time.perf_counter(), time.process_time()
    with open(path, "rb") as stream:
        report = import_upload("projects", Path(path).name, stream, session=session, user=user, schemas=ROW_SCHEMAS)
    session.commit()
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - started_cpu
    print(json.dumps({"seconds": seconds, "cpu_seconds": cpu_seconds, "created": report.created,
                      "errors": report.errors[:3]}, ensure_ascii=False), flush=True)


def _read(child: subprocess.Popen) -> dict:
    """The child's next line of figures; a RuntimeError if it exited without one."""
    line = child.stdout.readline()
    if not line:
        raise RuntimeError(f"the importing process exited with code {child.wait()}")
    return json.loads(line)


def bench_import(rows: int) -> dict[str, float]:
    """Import `rows` synthetic projects into a fresh SQLite database through the import code path.

    The import runs in a fresh interpreter; ``peak_rss_mb`` is that process's own peak RSS,
    sampled from here while it works, and ``start_rss_mb`` its RSS just before the import began.
    """
    from models.db import create_sessionmaker
    from models.incubator_service import create_incubator

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        engine = create_engine(url)
        upgrade_database(engine)
        session = create_sessionmaker(engine)()
        names = [f"基准孵化器{i:02d}" for i in range(20)]
        for i, name in enumerate(names):
            create_incubator({"name": name, "district": DISTRICTS[i % len(DISTRICTS)], "industries": []}, session=session)
        create_user("bench", "bench-password", Role.admin, session=session)
        session.commit()
        session.close()
        engine.dispose()
        path = Path(tmp) / "projects.csv"
        write_projects_csv(path, rows, incubators=names)
        # A fresh interpreter (not multiprocessing: no resource tracker left behind), sampled from here.
        child = subprocess.Popen([sys.executable, "-m", "benchmarks.imports", url, str(path)],
                                 stdout=subprocess.PIPE, text=True)
        try:
            figures = _read(child)  # the importer is ready: code loaded, about to read the file
            with PeakRss(child.pid, children=False) as memory:
                figures.update(_read(child))
                child.wait()
        finally:
            if child.poll() is None:
                child.kill()
            child.wait()
            child.stdout.close()
        figures["peak_rss_mb"] = memory.peak_mb
        size_mb = path.stat().st_size / 1e6
    if figures["errors"]:
        raise RuntimeError(f"benchmark import failed: {figures['errors']}")
    return {**figures, "rows": rows, "file_mb": size_mb, "rows_per_s": rows / figures["seconds"]}


if __name__ == "__main__":
    _timed_import(*sys.argv[1:3])
