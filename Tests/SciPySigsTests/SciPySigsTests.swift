import Testing

@testable import SciPySigs

@Suite struct CSignatureTests {
  @Test func everyTableEntryPrintsAsItParses() {
    for target in Target.known {
      for consumer in SciPyTable.consumers(for: target) {
        for s in consumer.signatures {
          #expect(CSignature(parsing: s.description) == s)
          #expect(!s.description.contains("  "))
        }
      }
    }
  }

  @Test func lenientParsingNormalisesSpacing() {
    let canonical = "double (int, double *, void *)"
    for variant in ["double(int,double*,void*)", "double  (int, double *,void *) ", "double (int , double* , void*)"] {
      #expect(CSignature(parsing: variant)?.description == canonical)
    }
    #expect(CSignature(parsing: "double (void)")?.parameters == [])
    #expect(CSignature(parsing: "double int, double *)") == nil)
    #expect(CSignature(parsing: "double (int x[])") == nil)
    #expect(CSignature(parsing: "double (int * x)") == nil)
  }

  @Test func typesPrintWithSciPysPointerSpacing() {
    #expect(CType("double", pointerDepth: 2).description == "double **")
    #expect(CType("long long").description == "long long")
  }
}

@Suite struct TableTests {
  @Test func linux64MatchesTheVerifiedLists() {
    let t = SciPyTable.consumers(for: .linux64)
    #expect(
      t.map(\.qualifiedName) == [
        "scipy.integrate.quad", "scipy.integrate.dblquad", "scipy.integrate.tplquad", "scipy.integrate.nquad",
        "scipy.ndimage.generic_filter", "scipy.ndimage.generic_filter1d", "scipy.ndimage.geometric_transform",
      ])
    #expect(
      SciPyTable.consumer(named: "nquad")?.acceptedNames == [
        "double (double, void *)", "double (int, double *, void *)", "double (double)", "double (int, double *)",
      ])
    #expect(
      SciPyTable.consumer(named: "geometric_transform")?.acceptedNames == [
        "int (intptr_t *, double *, int, int, void *)", "int (npy_intp *, double *, int, int, void *)",
        "int (long *, double *, int, int, void *)", "int (long long *, double *, int, int, void *)",
      ])
  }

  @Test func platformVariants() {
    let win = SciPyTable.consumer(named: "generic_filter", for: .windows64)?.acceptedNames
    #expect(
      win == [
        "int (double *, intptr_t, double *, void *)", "int (double *, npy_intp, double *, void *)",
        "int (double *, long long, double *, void *)",
      ])
    let i686 = SciPyTable.consumer(named: "generic_filter1d", for: .linux32)?.acceptedNames
    #expect(i686?.count == 4)
    #expect(i686?.contains("int (double *, int, double *, int, void *)") == true)
    #expect(i686?.contains("int (double *, long, double *, long, void *)") == true)
    let quadWin = SciPyTable.consumer(named: "quad", for: .windows64)?.acceptedNames ?? []
    #expect(quadWin.count == 6)
    #expect(quadWin.contains("double (long, double *, void *)"))
    #expect(SciPyTable.consumer(named: "quad")?.acceptedNames.count == 4)
  }
}

@Suite struct ABITests {
  let model = ABIModel(target: .linux64)

  @Test func integerAliasesShareOneABIOnLinux64() {
    for a in ["long", "long long", "intptr_t", "npy_intp", "int64_t", "Py_ssize_t"] {
      #expect(model.isCompatible(CType(a), with: CType("npy_intp")))
    }
    #expect(!model.isCompatible(CType("int"), with: CType("npy_intp")))
    #expect(!ABIModel(target: .windows64).isCompatible(CType("long"), with: CType("npy_intp")))
  }

  @Test func dataPointersStandForVoidPointer() {
    #expect(model.isCompatible(CType("double", pointerDepth: 1), with: .voidPointer))
    #expect(!model.isCompatible(CType("double"), with: .voidPointer))
    #expect(!model.isCompatible(CType("float", pointerDepth: 1), with: CType("double", pointerDepth: 1)))
  }

  @Test func firstCompatibleEntry() {
    let f = CSignature(parsing: "double (int, double *, double *)")
    #expect(f.flatMap { SciPyTable.firstCompatible(with: $0) }?.description == "double (int, double *, void *)")
    let t = CSignature(parsing: "long (long *, double *, int, int, double *)")
    #expect(
      t.flatMap { SciPyTable.firstCompatible(with: $0) }?.description == "int (intptr_t *, double *, int, int, void *)")
    let bad = CSignature(parsing: "double (int, float *, double *)")
    #expect(bad.flatMap { SciPyTable.firstCompatible(with: $0) } == nil)
  }

  @Test func targetsByTriple() {
    #expect(Target.named("x86_64-pc-windows-msvc")?.longSize == 4)
    #expect(Target.named("i686-linux-gnu")?.pointerSize == 4)
    #expect(Target.named("aarch64-apple-darwin")?.longSize == 8)
    #expect(Target.named("sparc-sun") == nil)
  }
}
