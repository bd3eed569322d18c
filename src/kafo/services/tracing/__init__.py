"""Tracing: ITI trace requests, their answers and deadlines, and what they
establish about seized firearms (the SDG 16.4.2 conclusion)."""
