import Compiler
import SciPySigs

/// The capsule ABI linter (rules land with the linter issue).
public enum Lint {}
