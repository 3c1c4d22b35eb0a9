"""Study-guide toolkit for the Her Smell interview."""
