"""The command line: one small module per command, on top of the library."""
