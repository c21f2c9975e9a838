"""The command line's frame: the Typer app (`root`), the options commands share (`options`), the
settings preamble (`context`), the one error boundary (`boundary`), click's and Typer's internals
(`framework`), and the path that runs a plain `post` without loading either (`fast_path`).

Nothing is imported here: `boundary`, `context` and `fast_path` load without Typer and click,
so `post` can run on its fast path.
"""
