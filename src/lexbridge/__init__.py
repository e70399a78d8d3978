"""LexBridge: prosecuting cybercrime across borders.

The package is layered (see ``shared/design/ARCHITECTURE.md``): ``law`` holds the cited, dated
facts; ``engine`` reasons over them; ``cli`` shows the answers.
"""

__version__ = "0.1.0"
