"""The policy assistant: cited answers from a government policy document."""

__version__ = "0.1.0"
