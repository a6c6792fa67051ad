"""attu: the working tool of the ATT Working Group on Treaty Universalization."""
