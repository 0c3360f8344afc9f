"""Learning computations in plain Python and numpy: quiz marking, certification coverage and
what to learn next. No Django."""
