import Foundation
import SciPySigs
import ThranSupport

/// The generated C module and what it exports.
public struct GeneratedModule {
  public var moduleName: String
  public var cSource: String
  /// Capsule name for each capsule export, in export order.
  public var capsules: [(name: String, signature: String, matchesSciPy: Bool)]
}

public enum CodegenError: Error, CustomStringConvertible {
  case missingRuntime
  public var description: String { "the thran runtime header is missing from the installation" }
}

/// Emits a whole extension module: runtime, functions, capsules, Python wrappers and module init.
public enum ModuleEmitter {
  public static func runtimeHeader() throws -> String {
    guard let url = Bundle.module.url(forResource: "thran_runtime", withExtension: "h"),
      let text = try? String(contentsOf: url, encoding: .utf8)
    else { throw CodegenError.missingRuntime }
    return text
  }

  /// `limitedAPI` is the target's `major.minor` version: the module then uses CPython's limited API, which
  /// halves the C compiler's time spent in Python.h.
  public static func emit(
    _ program: Program, moduleName: String, cFileName: String, pythonVersion: String? = nil,
    model: ABIModel = ABIModel()
  ) throws -> GeneratedModule {
    let runtime = try runtimeHeader()
    let pyPath = program.module.source.path
    let types = TypeNames()
    var body = CWriter(cFileName: cFileName, pyFileName: pyPath)
    var capsules: [(String, String, Bool)] = []

    // Constants.
    for name in program.constantOrder {
      guard let c = program.constants[name] else { continue }
      var e = FunctionEmitter(
        instance: constantHolder(program), program: program, types: types, out: body)
      let code = constantCode(c.value, c.type.type, &e)
      body.line("static const \(types.cType(c.type.type)) thran_const_\(CNames.mangle(name)) = \(code);")
    }
    if !program.constantOrder.isEmpty { body.line("") }

    // Prototypes, then bodies.
    for instance in program.instances {
      let e = FunctionEmitter(instance: instance, program: program, types: types, out: body)
      body.line(e.prototype() + ";")
    }
    body.line("")
    for instance in program.instances {
      var e = FunctionEmitter(instance: instance, program: program, types: types, out: body)
      e.emit()
      body = e.out
      body.line("")
    }

    // Capsules.
    var capsuleInits: [String] = []
    for entry in program.entryPoints where entry.signature.isCapsule {
      guard let specTypes = entry.signature.types, let own = CapsuleABI.parameterTypes(specTypes) else { continue }
      let (sig, matched) = CapsuleABI.capsuleName(
        parameters: own, returnType: entry.instance.returnType?.type, model: model)
      // design.md's `name_impl`: a C function with C linkage, hidden so that only PyInit_ leaves the module.
      let fn = "\(CNames.ascii(entry.signature.name))_impl"
      let params = sig.parameters.enumerated().map { i, t in
        t.isPointer ? "\(t)p\(i)" : "\(t) p\(i)"
      }
      let resultC = sig.result.description
      // One table says what each consumer gets from a capsule that raised; TL104 reads the same entry.
      let errorValue = SciPyTable.errorReturn(for: sig, target: model.target).onError.cExpression ?? "0"
      body.line("/* \(entry.signature): named \"\(sig)\" */")
      body.line(
        "THRAN_HIDDEN \(resultC) \(fn)(\(params.isEmpty ? "void" : params.joined(separator: ", "))) {")
      body.indent += 1
      let args = zip(entry.instance.parameterTypes, sig.parameters).enumerated().map { i, pair in
        "(\(types.cType(pair.0)))p\(i)"
      }
      if entry.instance.canRaise {
        body.line("thran_error thran_e = {0, 0};")
      }
      let errorArg = entry.instance.canRaise ? ["&thran_e"] : []
      let call = "\(entry.instance.cName)(\((args + errorArg).joined(separator: ", ")))"
      let ret = entry.instance.returnType?.type ?? .none
      if ret == .none || resultC == "void" {
        body.line("\(call);")
      } else {
        body.line("\(resultC) thran_r = (\(resultC))\(call);")
      }
      if entry.instance.canRaise {
        body.line("if (THRAN_UNLIKELY(thran_e.type != NULL)) {")
        body.line("  thran_publish_error(&thran_e);")
        body.line(resultC == "void" ? "  return;" : "  return \(errorValue);")
        body.line("}")
      }
      if resultC != "void" { body.line(ret == .none ? "return 0;" : "return thran_r;") }
      body.indent -= 1
      body.line("}")
      body.line("")
      capsuleInits.append(
        "if (thran_add_capsule(m, \(cString(entry.signature.name)), (void *)\(fn), \(cString(sig.description))) < 0) goto fail;"
      )
      capsules.append((entry.signature.name, sig.description, matched))
    }

    // Regular exports: one dispatcher per name over its flat signatures.
    var methodDefs: [String] = []
    var seen: [String] = []
    for entry in program.entryPoints where !entry.signature.isCapsule && !seen.contains(entry.signature.name) {
      seen.append(entry.signature.name)
    }
    var wrapperCount = 0
    for name in seen {
      let entries = program.entryPoints.filter { $0.signature.name == name && !$0.signature.isCapsule }
      var callers: [(entry: EntryPoint, fn: String)] = []
      for entry in entries {
        wrapperCount += 1
        let fn = "thran_call\(wrapperCount)_\(CNames.mangle(name))"
        emitCaller(fn, entry, program.argumentEffects, types, &body)
        callers.append((entry, fn))
      }
      let dispatcher = "thran_py_\(CNames.mangle(name))"
      body.line("static PyObject *\(dispatcher)(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {")
      body.indent += 1
      body.line("(void)self;")
      body.line("for (int strict = 1; strict >= 0; --strict) {")
      body.indent += 1
      for (entry, fn) in callers {
        let ts = entry.instance.parameterTypes
        var conds = ["nargs == \(ts.count)"]
        for (i, t) in ts.enumerated() { conds.append(acceptTest(t, "args[\(i)]")) }
        body.line("if (\(conds.joined(separator: " && "))) return \(fn)(args);")
      }
      body.indent -= 1
      body.line("}")
      let candidates = entries.map { "    - \($0.signature.description)" }.joined(separator: "\n")
      body.line("return thran_no_match(\(cString(name)), args, nargs, \(cString(candidates)));")
      body.indent -= 1
      body.line("}")
      body.line("")
      var doc = ""
      if let (def, _) = program.module.body.lazy.compactMap({ s -> (Stmt.FunctionDef, Int)? in
        if case .functionDef(let d) = s.kind, d.name == name { return (d, 0) }
        return nil
      }).first, let first = def.body.first, case .expr(let e) = first.kind,
        case .constant(.string(let text), _) = e.kind
      {
        doc = text + "\n\n"
      }
      doc += "Supported prototypes:\n\n" + candidates
      methodDefs.append(
        "{\(cString(name)), (PyCFunction)(void (*)(void))\(dispatcher), METH_FASTCALL, \(cString(doc))},")
    }

    // Module docstring.
    var doc = program.docstring.map { $0 + "\n\n" } ?? ""
    doc += "Compiled by thranc from \(Paths.lastComponent(of: pyPath)).\n\nExports:\n"
    for entry in program.entryPoints {
      if entry.signature.isCapsule, let c = capsules.first(where: { $0.0 == entry.signature.name }) {
        doc += "  - \(entry.signature): capsule named \"\(c.1)\"\n"
      } else {
        doc += "  - \(entry.signature)\n"
      }
    }
    for g in program.exportedGlobals { doc += "  - \(g.spec.name): \(g.constant.type.type)\n" }

    var globalsInit: [String] = []
    for g in program.exportedGlobals {
      let c = "thran_const_\(CNames.mangle(g.constant.name))"
      globalsInit.append(
        "if (thran_module_add(m, \(cString(g.spec.name)), \(box(g.constant.type.type, c, types))) < 0) goto fail;")
    }

    var out = CWriter(cFileName: cFileName, pyFileName: pyPath)
    out.line(
      "\(OutputPlan.cBanner) from \(cCommentSafe(Paths.lastComponent(of: pyPath))). Edit the Python source, not this "
        + "file. */")
    // The same text as the toolchain's precompiled prelude, so that the prelude stands for it exactly.
    out.lines(Toolchain.preludeText(limitedAPI: limitedAPIHex(pythonVersion)).trimmingCharacters(in: .newlines))
    out.lines(runtime)
    out.lines(wrapperRuntime)
    for t in types.typedefs() { out.line(t) }
    // Kept in the module so that thranc recognises its own outputs and never replaces anyone else's file.
    out.line("__attribute__((used)) static const char thran_output_marker[] = \(cString(OutputPlan.marker));")
    out.line("")
    // Typedefs must precede the bodies that use them; the body was generated first to discover them.
    var full = out.text + body.text
    full += """

      static PyMethodDef thran_methods[] = {
      \(methodDefs.map { "  " + $0 }.joined(separator: "\n"))
        {NULL, NULL, 0, NULL}
      };

      static struct PyModuleDef thran_module = {
        PyModuleDef_HEAD_INIT, \(cString(moduleName)), \(cString(doc)), -1, thran_methods,
        NULL, NULL, NULL, NULL
      };

      PyMODINIT_FUNC PyInit_\(moduleName)(void) {
        PyObject *m = PyModule_Create(&thran_module);
        if (m == NULL) return NULL;
      \((capsuleInits + globalsInit).map { "  " + $0 }.joined(separator: "\n"))
        return m;
      fail:
        Py_DECREF(m);
        return NULL;
      }

      """
    return GeneratedModule(
      moduleName: moduleName, cSource: fixLineDirectives(full, cFileName: cFileName), capsules: capsules)
  }

  /// A file name inside a C comment: `*/` would end the comment early.
  static func cCommentSafe(_ text: String) -> String {
    String(text.unicodeScalars.map { $0.value < 0x20 ? "?" : Character($0) }).replacingOccurrences(
      of: "*/", with: "*_/")
  }

  /// `0x030B0000` for "3.11.7"; nil before 3.11.
  public static func limitedAPIHex(_ version: String?) -> String? {
    guard let version else { return nil }
    let parts = version.split(separator: ".").compactMap { Int($0) }
    // Py_buffer joined the limited API in 3.11.
    guard parts.count >= 2, parts[0] == 3, parts[1] >= 11, parts[1] < 256 else { return nil }
    return "0x03" + String(parts[1], radix: 16, uppercase: true).leftPadded(to: 2) + "0000"
  }

  /// `#line N "module.c"` directives written before the prelude was prepended hold stale numbers: renumber them.
  static func fixLineDirectives(_ text: String, cFileName: String) -> String {
    let marker = "#line "
    let cTarget = "\"\(cStringBody(cFileName))\""
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    for i in lines.indices where lines[i].hasPrefix(marker) && lines[i].hasSuffix(cTarget) {
      lines[i] = "#line \(i + 2) \(cTarget)"
    }
    return lines.joined(separator: "\n")
  }

  static func constantHolder(_ program: Program) -> FunctionInstance {
    FunctionInstance(
      name: "<module>",
      definition: Stmt.FunctionDef(
        name: "<module>", nameRange: SourceRange(start: .init(line: 1, column: 0), end: .init(line: 1, column: 0)),
        args: Arguments(), body: [], decorators: [], returns: nil, isAsync: false),
      range: SourceRange(start: .init(line: 1, column: 0), end: .init(line: 1, column: 0)), parameterTypes: [],
      cName: "")
  }

  /// A C constant expression for a module constant (literals, unary minus, + - * /, other constants).
  static func constantCode(_ e: Expr, _ t: ValueType, _ emitter: inout FunctionEmitter) -> String {
    switch e.kind {
    case .constant(let v, _): return emitter.literal(v, as: t)
    case .unaryOp(let op, let operand):
      let inner = constantCode(operand, t, &emitter)
      switch op {
      case .uSub: return emitter.negated(inner, t)
      case .invert: return "(~\(inner))"
      default: return inner
      }
    case .binOp(let l, let op, let r):
      let (a, b) = (constantCode(l, t, &emitter), constantCode(r, t, &emitter))
      // Folded by the C compiler, but still defined: integer + - * wrap as at run time.
      return [.add, .sub, .mult].contains(op) ? emitter.wrapping(a, op.symbol, b, t) : "(\(a) \(op.symbol) \(b))"
    case .name(let id, _):
      return "thran_const_\(CNames.mangle(id))"
    case .attribute(_, let attr, _):
      return emitter.mathConstant(attr)
    default:
      return "0"
    }
  }

  /// The C test that a Python object fits a parameter type (`strict` picks exact Python types first).
  static func acceptTest(_ t: ValueType, _ o: String) -> String {
    switch t {
    case .bool: return "thran_accepts_bool(\(o), strict)"
    case .int: return "thran_accepts_int(\(o), strict)"
    case .float: return "thran_accepts_float(\(o), strict)"
    case .complex: return "thran_accepts_complex(\(o), strict)"
    case .view(let element): return "thran_accepts_buffer(\(o), \(bufferKind(element)))"
    case .tuple(let parts):
      var tests = ["PyTuple_Check(\(o))", "PyTuple_Size(\(o)) == \(parts.count)"]
      for (i, p) in parts.enumerated() { tests.append(acceptTest(p, "PyTuple_GetItem(\(o), \(i))")) }
      return "(" + tests.joined(separator: " && ") + ")"
    default: return "0"
    }
  }

  static func emitCaller(
    _ fn: String, _ entry: EntryPoint, _ effects: ArgumentEffects, _ types: TypeNames, _ out: inout CWriter
  ) {
    out.line("static PyObject *\(fn)(PyObject *const *args) {")
    out.indent += 1
    let params = entry.instance.definition.args.posonlyargs + entry.instance.definition.args.args
    var values: [String] = []
    var buffers: [String] = []
    out.line("PyObject *thran_result = NULL;")
    for (i, t) in entry.instance.parameterTypes.enumerated() where t.isViewType {
      out.line("Py_buffer b\(i) = {0};")
      buffers.append("b\(i)")
    }
    for (i, t) in entry.instance.parameterTypes.enumerated() {
      let v = "a\(i)"
      if case .view(let element) = t {
        let name = i < params.count ? params[i].name : "#\(i + 1)"
        // A parameter the body (or a callee, or an alias) may store into needs a writable buffer.
        let writable = effects.mayStore(into: i, of: entry.instance)
        out.line("\(types.cType(.pointer(element)))\(v); int64_t \(v)_len;")
        out.line(
          "if (thran_get_buffer(args[\(i)], &b\(i), \(bufferKind(element)), \(writable ? 1 : 0), "
            + "\(cString(name))) < 0) goto thran_done;")
        out.line(
          "\(v) = (\(types.cType(.pointer(element))))b\(i).buf; \(v)_len = (int64_t)(b\(i).len / b\(i).itemsize);")
        values += [v, v + "_len"]
        continue
      }
      out.line("\(types.cType(t)) \(v);")
      unbox(t, "args[\(i)]", v, types, &out)
      values.append(v)
    }
    if entry.instance.canRaise {
      out.line("thran_error thran_e = {0, 0};")
      values.append("&thran_e")
    }
    let ret = entry.instance.returnType?.type ?? .none
    let call = "\(entry.instance.cName)(\(values.joined(separator: ", ")))"
    out.line("{")
    out.indent += 1
    if ret == .none {
      out.line("\(call);")
    } else {
      out.line("\(types.cType(ret)) r = \(call);")
    }
    if entry.instance.canRaise {
      out.line("if (THRAN_UNLIKELY(thran_e.type != NULL)) { thran_publish_error(&thran_e); goto thran_done; }")
    }
    out.line(ret == .none ? "thran_result = (Py_INCREF(Py_None), Py_None);" : "thran_result = \(box(ret, "r", types));")
    out.indent -= 1
    out.line("}")
    out.line("thran_done:")
    for b in buffers { out.line("if (\(b).obj != NULL) PyBuffer_Release(&\(b));") }
    out.line("return thran_result;")
    out.indent -= 1
    out.line("}")
    out.line("")
  }

  /// The C character class and size a buffer's items must have for an element type.
  static func bufferKind(_ t: ValueType) -> String {
    switch t {
    case .bool: return "'?', 1"
    case .int(let bits, let signed): return "'\(signed ? "i" : "u")', \(bits / 8)"
    case .float(let bits): return "'f', \(bits / 8)"
    default: return "'x', 0"
    }
  }

  static func unbox(_ t: ValueType, _ o: String, _ v: String, _ types: TypeNames, _ out: inout CWriter) {
    switch t {
    case .bool:
      out.line("{ int b = PyObject_IsTrue(\(o)); if (b < 0) return NULL; \(v) = (_Bool)b; }")
    case .int(let bits, let signed):
      if signed {
        out.line(
          "{ long long thran_w; if (thran_to_int(\(o), \(bits), &thran_w) < 0) return NULL; \(v) = (\(t.cName))thran_w; }"
        )
      } else {
        out.line(
          "{ unsigned long long thran_w; if (thran_to_uint(\(o), \(bits), &thran_w) < 0) return NULL; "
            + "\(v) = (\(t.cName))thran_w; }")
      }
    case .float:
      out.line(
        "{ double thran_w = PyFloat_AsDouble(\(o)); if (thran_w == -1.0 && PyErr_Occurred()) return NULL; \(v) = (\(t.cName))thran_w; }"
      )
    case .complex:
      out.line(
        "{ double re = PyComplex_RealAsDouble(\(o)); if (re == -1.0 && PyErr_Occurred()) return NULL; "
          + "double im = PyComplex_ImagAsDouble(\(o)); if (im == -1.0 && PyErr_Occurred()) return NULL; "
          + "\(v) = (\(t.cName))thran_complex(re, im); }")
    case .tuple(let parts):
      for (i, p) in parts.enumerated() {
        unbox(p, "PyTuple_GetItem(\(o), \(i))", "\(v).f\(i)", types, &out)
      }
    default:
      break
    }
  }

  static func box(_ t: ValueType, _ v: String, _ types: TypeNames) -> String {
    switch t {
    case .bool: return "PyBool_FromLong(\(v))"
    case .int(_, let signed): return signed ? "PyLong_FromLongLong(\(v))" : "PyLong_FromUnsignedLongLong(\(v))"
    case .float: return "PyFloat_FromDouble(\(v))"
    case .complex(let bits):
      let f = bits == 64 ? "f" : ""
      return "PyComplex_FromDoubles(creal\(f)(\(v)), cimag\(f)(\(v)))"
    case .tuple(let parts):
      let items = parts.enumerated().map { box($1, "\(v).f\($0)", types) }
      return "thran_tuple_of(\(parts.count), " + items.joined(separator: ", ") + ")"
    default: return "(Py_INCREF(Py_None), Py_None)"
    }
  }

  /// Helpers for regular exports: argument checks, conversions, results, the no-match TypeError.
  static let wrapperRuntime = #"""
    /* Regular exports: argument checks (strict pass first, then conversions), results and errors. */
    static int thran_accepts_bool(PyObject *o, int strict) {
      return PyBool_Check(o) || (!strict && PyIndex_Check(o));
    }
    static int thran_accepts_int(PyObject *o, int strict) {
      return strict ? (PyLong_Check(o) && !PyBool_Check(o)) : PyIndex_Check(o);
    }
    static int thran_has_float(PyObject *o) {
      return PyType_GetSlot(Py_TYPE(o), Py_nb_float) != NULL;
    }
    static int thran_accepts_float(PyObject *o, int strict) {
      return PyFloat_Check(o) || (!strict && (PyIndex_Check(o) || thran_has_float(o)));
    }
    static int thran_accepts_complex(PyObject *o, int strict) {
      return PyComplex_Check(o) || (!strict && (PyFloat_Check(o) || PyIndex_Check(o) || thran_has_float(o)));
    }
    /* 1-D contiguous buffers (NumPy arrays, array.array, memoryview) whose items are `kind` of `size` bytes. */
    static int thran_format_matches(const char *format, char kind, Py_ssize_t size, Py_ssize_t itemsize) {
      if (format == NULL) format = "B";
      if (*format == '@' || *format == '=' || *format == '<') format++;
      if (format[0] == 0 || format[1] != 0 || itemsize != size) return 0;
      switch (format[0]) {
      case 'b': case 'h': case 'i': case 'l': case 'q': case 'n': return kind == 'i';
      case 'B': case 'H': case 'I': case 'L': case 'Q': case 'N': return kind == 'u';
      case 'f': case 'd': case 'e': return kind == 'f';
      case '?': return kind == '?';
      default: return 0;
      }
    }
    static int thran_accepts_buffer(PyObject *o, char kind, Py_ssize_t size) {
      if (!PyObject_CheckBuffer(o)) return 0;
      Py_buffer view;
      if (PyObject_GetBuffer(o, &view, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT) < 0) {
        PyErr_Clear();
        return 0;
      }
      int ok = view.ndim == 1 && thran_format_matches(view.format, kind, size, view.itemsize);
      PyBuffer_Release(&view);
      return ok;
    }
    /* `writable` when the compiled code may store into the argument: a read-only buffer is then refused
       before anything runs, naming the argument (ValueError as NumPy's read-only arrays; TypeError for the
       immutable bytes type). */
    static int thran_get_buffer(PyObject *o, Py_buffer *view, char kind, Py_ssize_t size, int writable,
                                const char *name) {
      if (PyObject_GetBuffer(o, view, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT) < 0) {
        view->obj = NULL;
        return -1;
      }
      if (writable && view->readonly) {
        PyBuffer_Release(view);
        view->obj = NULL;
        if (PyBytes_Check(o)) {
          PyErr_Format(PyExc_TypeError, "argument '%s' is read-only: bytes are immutable and this function "
                       "stores into it (pass a bytearray or a writable NumPy array)", name);
        } else {
          PyErr_Format(PyExc_ValueError, "argument '%s' is read-only: this function stores into it (pass a "
                       "writable array, e.g. a.copy())", name);
        }
        return -1;
      }
      if (view->ndim != 1 || !thran_format_matches(view->format, kind, size, view->itemsize)) {
        PyBuffer_Release(view);
        view->obj = NULL;
        PyErr_SetString(PyExc_TypeError, "expected a contiguous 1-D array of the exported element type");
        return -1;
      }
      return 0;
    }
    static int thran_to_int(PyObject *o, int bits, long long *out) {
      PyObject *index = PyNumber_Index(o);
      if (index == NULL) return -1;
      long long v = PyLong_AsLongLong(index);
      Py_DECREF(index);
      if (v == -1 && PyErr_Occurred()) return -1;
      if (bits < 64) {
        long long lo = -(1LL << (bits - 1)), hi = (1LL << (bits - 1)) - 1;
        if (v < lo || v > hi) {
          PyErr_Format(PyExc_OverflowError, "Python int %lld does not fit in int%d", v, bits);
          return -1;
        }
      }
      *out = v;
      return 0;
    }
    static int thran_to_uint(PyObject *o, int bits, unsigned long long *out) {
      PyObject *index = PyNumber_Index(o);
      if (index == NULL) return -1;
      unsigned long long v = PyLong_AsUnsignedLongLong(index);
      Py_DECREF(index);
      if (v == (unsigned long long)-1 && PyErr_Occurred()) return -1;
      if (bits < 64 && v >> bits) {
        PyErr_Format(PyExc_OverflowError, "Python int %llu does not fit in uint%d", v, bits);
        return -1;
      }
      *out = v;
      return 0;
    }
    static PyObject *thran_tuple_of(int n, ...) {
      va_list ap;
      va_start(ap, n);
      PyObject *t = PyTuple_New(n);
      for (int i = 0; i < n; i++) {
        PyObject *item = va_arg(ap, PyObject *);
        if (t == NULL || item == NULL) {
          Py_XDECREF(item);
          continue;
        }
        PyTuple_SetItem(t, i, item);
      }
      va_end(ap);
      if (t != NULL) {
        for (int i = 0; i < n; i++) {
          if (PyTuple_GetItem(t, i) == NULL) {
            Py_DECREF(t);
            return NULL;
          }
        }
      }
      return t;
    }
    static PyObject *thran_no_match(const char *name, PyObject *const *args, Py_ssize_t nargs, const char *candidates) {
      PyObject *types = PyUnicode_FromString("");
      for (Py_ssize_t i = 0; types != NULL && i < nargs; i++) {
        PyObject *type_name = PyObject_GetAttrString((PyObject *)Py_TYPE(args[i]), "__name__");
        PyObject *next = type_name ? PyUnicode_FromFormat("%U%s%U", types, i ? ", " : "", type_name) : NULL;
        Py_XDECREF(type_name);
        Py_DECREF(types);
        types = next;
      }
      if (types == NULL) return NULL;
      PyErr_Format(PyExc_TypeError, "Invalid call to thranc'ed function `%s(%U)'\nCandidates are:\n\n%s\n", name, types,
                   candidates);
      Py_DECREF(types);
      return NULL;
    }
    /* PyModule_AddObject steals the reference only on success. */
    static int thran_module_add(PyObject *m, const char *name, PyObject *value) {
      if (value == NULL) return -1;
      if (PyModule_AddObject(m, name, value) < 0) {
        Py_DECREF(value);
        return -1;
      }
      return 0;
    }
    static int thran_add_capsule(PyObject *m, const char *attribute, void *function, const char *signature) {
      PyObject *capsule = PyCapsule_New(function, signature, NULL);
      if (capsule == NULL) return -1;
      return thran_module_add(m, attribute, capsule);
    }
    """#
}
