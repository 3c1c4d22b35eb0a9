"""What every Sphinx extension of ours tells Sphinx in setup(): safe for parallel reading and writing."""

PARALLEL_SAFE = {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}


def extension_metadata() -> dict:
    return dict(PARALLEL_SAFE)
