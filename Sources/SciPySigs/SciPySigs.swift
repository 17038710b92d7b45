/// SciPy's LowLevelCallable consumers and their accepted signatures (filled in by the linter issue).
public enum SciPySigs {}
