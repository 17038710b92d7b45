/// Tagged JSON for the tomllib differential: tables are objects, arrays lists, strings and booleans JSON's own;
/// numbers and dates `{"integer": text}`, `{"float": text}`, `{"datetime": text}`.
public enum TOMLJSON {
  public static func render(_ value: TOMLValue) -> String {
    switch value {
    case .string(let s): return Reporter.jsonString(s)
    case .boolean(let b): return b ? "true" : "false"
    case .integer(let t): return "{\"integer\":\(Reporter.jsonString(t))}"
    case .float(let t): return "{\"float\":\(Reporter.jsonString(t))}"
    case .datetime(let t): return "{\"datetime\":\(Reporter.jsonString(t))}"
    case .array(let a): return "[" + a.items.map { render($0.value) }.joined(separator: ",") + "]"
    case .table(let t):
      let entries = t.keys.compactMap { k in t[k].map { Reporter.jsonString(k) + ":" + render($0.value) } }
      return "{" + entries.joined(separator: ",") + "}"
    }
  }
}
