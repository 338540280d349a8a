"""Tests of the tools for tree authors and teachers: diagrams, handouts, recorded walks."""
