"""The serialisation benchmark runs on the demo sample and prints a line per read."""

from benchmarks.serialisation import READS, measure_dumping


def test_measure_dumping_prints_each_read_with_both_dumps():
    lines = measure_dumping(dumps=10, requests=10)
    for read in READS:
        row = next(line for line in lines if line.startswith(read.label))
        fast, plain = (float(x) for x in row[len(read.label):].split()[:2])
        assert fast > 0 and plain > 0
    assert any("stored copy served" in line for line in lines)
