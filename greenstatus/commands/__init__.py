"""One module per command or command group: parse, call the layers below, render through output."""
