/* The small part of libclang's documented C API (clang-c/Index.h, stable since LLVM 3.x) that Thran uses to
   read C type facts: parse a buffer, walk its top-level declarations, ask types for kind and size.
   Declared here so that the package builds without LLVM's headers; linked against Debian's libclang-14. */
#ifndef THRAN_CCLANG_H
#define THRAN_CCLANG_H

typedef void *CXIndex;
typedef struct CXTranslationUnitImpl *CXTranslationUnit;
typedef void *CXClientData;

typedef struct {
  const void *data;
  unsigned private_flags;
} CXString;

struct CXUnsavedFile {
  const char *Filename;
  const char *Contents;
  unsigned long Length;
};

typedef struct {
  int kind;
  int xdata;
  const void *data[3];
} CXCursor;

typedef struct {
  int kind;
  void *data[2];
} CXType;

/* Cursor kinds and type kinds used by Thran (values from libclang's documented enums). */
enum {
  THRAN_CXCursor_TypedefDecl = 20,
  THRAN_CXChildVisit_Continue = 1,
  THRAN_CXTranslationUnit_SkipFunctionBodies = 0x40,
  THRAN_CXTranslationUnit_Incomplete = 0x02
};

enum {
  THRAN_CXType_Invalid = 0,
  THRAN_CXType_Void = 2,
  THRAN_CXType_Bool = 3,
  THRAN_CXType_Char_U = 4,
  THRAN_CXType_UChar = 5,
  THRAN_CXType_Char16 = 6,
  THRAN_CXType_Char32 = 7,
  THRAN_CXType_UShort = 8,
  THRAN_CXType_UInt = 9,
  THRAN_CXType_ULong = 10,
  THRAN_CXType_ULongLong = 11,
  THRAN_CXType_UInt128 = 12,
  THRAN_CXType_Char_S = 13,
  THRAN_CXType_SChar = 14,
  THRAN_CXType_WChar = 15,
  THRAN_CXType_Short = 16,
  THRAN_CXType_Int = 17,
  THRAN_CXType_Long = 18,
  THRAN_CXType_LongLong = 19,
  THRAN_CXType_Int128 = 20,
  THRAN_CXType_Float = 21,
  THRAN_CXType_Double = 22,
  THRAN_CXType_LongDouble = 23,
  THRAN_CXType_Pointer = 101
};

typedef int (*CXCursorVisitor)(CXCursor cursor, CXCursor parent, CXClientData client_data);

CXIndex clang_createIndex(int excludeDeclarationsFromPCH, int displayDiagnostics);
void clang_disposeIndex(CXIndex index);
CXTranslationUnit clang_parseTranslationUnit(CXIndex CIdx, const char *source_filename,
                                             const char *const *command_line_args, int num_command_line_args,
                                             struct CXUnsavedFile *unsaved_files, unsigned num_unsaved_files,
                                             unsigned options);
void clang_disposeTranslationUnit(CXTranslationUnit);
CXCursor clang_getTranslationUnitCursor(CXTranslationUnit);
unsigned clang_visitChildren(CXCursor parent, CXCursorVisitor visitor, CXClientData client_data);
int clang_getCursorKind(CXCursor);
CXString clang_getCursorSpelling(CXCursor);
CXType clang_getTypedefDeclUnderlyingType(CXCursor C);
CXType clang_getCanonicalType(CXType T);
long long clang_Type_getSizeOf(CXType T);
CXType clang_getPointeeType(CXType T);
const char *clang_getCString(CXString string);
void clang_disposeString(CXString string);
CXString clang_getClangVersion(void);
unsigned clang_getNumDiagnostics(CXTranslationUnit Unit);
unsigned clang_isInvalidDeclaration(CXCursor);

#endif
