//! Tests of the pronoun and role-noun linker.
