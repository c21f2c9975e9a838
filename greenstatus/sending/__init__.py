"""The send path: one status from the journal entry to the recorded outcome."""
