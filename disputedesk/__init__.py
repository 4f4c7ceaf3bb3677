"""DisputeDesk: handle a customer dispute the way good practice and French law say."""

__version__ = "0.1.0"
APP_NAME = "DisputeDesk"
