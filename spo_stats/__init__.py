"""spo-stats: Stalking Protection Orders and recorded stalking from police FOI returns."""

__version__ = "0.1.0"
