"""A local stand-in for GREEN-API's status methods: `greenstatus sandbox`, and the tests' server.

Nothing here is imported on start-up: only the `sandbox` command (and the tests) load it.
"""
