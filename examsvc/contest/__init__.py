"""Contest configuration and paper generation."""
