import Testing

@testable import SciPySigs

/// One table says what a capsule returns to each consumer after a raise (codegen and TL104 read it).
@Suite struct ErrorReturnTests {
  @Test func everyConsumerHasItsErrorValue() {
    for target in Target.known {
      for consumer in SciPyTable.consumers(for: target) {
        let expected: ErrorReturn.Value = consumer.module == "scipy.integrate" ? .nan : .zero
        #expect(consumer.onError.value == expected, "\(consumer.qualifiedName)")
        for signature in consumer.signatures {
          #expect(SciPyTable.errorReturn(for: signature, target: target).onError == consumer.onError)
        }
      }
    }
  }

  @Test func signaturesNoConsumerTakesFollowTheirResult() throws {
    let cases: [(String, ErrorReturn.Value, String?)] = [
      ("long (long)", .zero, "0"), ("double (double, double)", .nan, "NAN"), ("float (int)", .nan, "NAN"),
      ("void (double *)", .nothing, nil), ("double * (int)", .zero, "0"),
    ]
    for (text, value, c) in cases {
      let signature = try #require(CSignature(parsing: text))
      let found = SciPyTable.errorReturn(for: signature)
      #expect(found.consumers.isEmpty)
      #expect(found.onError.value == value, "\(text)")
      #expect(found.onError.cExpression == c, "\(text)")
    }
    let quad = try #require(CSignature(parsing: "double (double)"))
    #expect(SciPyTable.errorReturn(for: quad).consumers.map(\.shortName) == ["quad", "dblquad", "tplquad", "nquad"])
  }
}
