using Xunit;

namespace SharedSockets.Analyzers.Tests.Robustness;

/// <summary>
/// Broken or unusual binding declarations: the catalog reads <c>[DllImport]</c>/<c>[LibraryImport]</c>
/// attributes (library names, entry points, parameter counts) and must cope with every value the
/// compiler lets through, or reports as an error.
/// </summary>
public sealed class BindingDeclarationTests
{
    private const string Usage = """

        static class Use
        {
            static void Run(System.IntPtr s, System.IntPtr e1, System.IntPtr e2)
            {
                B.WSAEventSelect(s, e1, 1);
                B.WSAEventSelect(s, e2, 2);
                B.Select(s, e2, 2);
                B.shutdown(s, 2);
                B.Generic<int>(s);
                B.NoParameters();
                B.WSADuplicateSocketW(s, 1, out var info);
                B.WSASocketW(-1, -1, -1, ref info, 0, 0);
                B.WSASocketW(-1, -1, -1, ref info, 0, 0);
                B.DuplicateHandle(s, s, s, out _, 0, false, 2);
                new B().Instance(s, e1, 1);
                new B().Instance(s, e2, 2);
            }
        }
        """;

    public static readonly IReadOnlyDictionary<string, string> Declarations = new Dictionary<string, string>
    {
        ["NonConstantLibraryName"] = """
            [DllImport(Lib)] public static extern int WSAEventSelect(IntPtr s, IntPtr e, int m);
            [DllImport(Lib + ".dll", EntryPoint = Entry)] public static extern int Select(IntPtr s, IntPtr e, int m);
            static readonly string Lib = "ws2_32"; static string Entry => "WSAEventSelect";
            """,
        ["EmptyAndNullLibraryNames"] = """
            [DllImport("")] public static extern int WSAEventSelect(IntPtr s, IntPtr e, int m);
            [DllImport(null)] public static extern int Select(IntPtr s, IntPtr e, int m);
            [DllImport("   ")] public static extern int shutdown(IntPtr s, int how);
            [DllImport("/")] public static extern int NoParameters();
            [DllImport(".dll")] public static extern bool DuplicateHandle(IntPtr a, IntPtr b, IntPtr c, out IntPtr d, uint e, bool f, uint g);
            """,
        ["OddLibraryPaths"] = """
            [DllImport("C:\\Windows\\System32\\WS2_32.DLL")] public static extern int WSAEventSelect(IntPtr s, IntPtr e, int m);
            [DllImport("../lib/ws2_32.dll.so", EntryPoint = "WSAEventSelect")] public static extern int Select(IntPtr s, IntPtr e, int m);
            [DllImport("ws2_32.dll\0")] public static extern int shutdown(IntPtr s, int how);
            [DllImport("kernel32.dll", EntryPoint = "DuplicateHandle")] public static extern bool DuplicateHandle(IntPtr a, IntPtr b);
            """,
        ["InvalidEntryPoints"] = """
            [DllImport("ws2_32.dll", EntryPoint = "")] public static extern int WSAEventSelect(IntPtr s, IntPtr e, int m);
            [DllImport("ws2_32.dll", EntryPoint = null)] public static extern int Select(IntPtr s, IntPtr e, int m);
            [DllImport("ws2_32.dll", EntryPoint = "#21")] public static extern int shutdown(IntPtr s, int how);
            [DllImport("ws2_32.dll", EntryPoint = "WSAEventSelect")] public static extern int NoParameters();
            [DllImport("ws2_32.dll", EntryPoint = "WSADuplicateSocketW")] public static extern int WSADuplicateSocketW(IntPtr s);
            [DllImport("ws2_32.dll", EntryPoint = "WSASocketW")] public static extern IntPtr WSASocketW(int a, int b, int c, ref int info, uint g, uint f);
            """,
        ["ImportsThatDoNotCompile"] = """
            [DllImport("ws2_32.dll")] public static int WSAEventSelect(IntPtr s, IntPtr e, int m) => 0;
            [DllImport("ws2_32.dll")] public extern int Select(IntPtr s, IntPtr e, int m);
            [DllImport("ws2_32.dll")] public static extern int shutdown<T>(T s, int how);
            [DllImport("ws2_32.dll", EntryPoint = "WSAEventSelect")] public static extern int Generic<T>(IntPtr s);
            [DllImport("ws2_32.dll")] public static extern int NoParameters() { return 0; }
            [DllImport("ws2_32.dll")] [DllImport("kernel32.dll")] public static extern bool DuplicateHandle(IntPtr a, IntPtr b, IntPtr c, out IntPtr d, uint e, bool f, uint g);
            [DllImport] public static extern int Instance(IntPtr s, IntPtr e, int m);
            """,
        ["BrokenLibraryImports"] = """
            [LibraryImport("ws2_32.dll", EntryPoint = 5)] public static partial int WSAEventSelect(nint s, nint e, int m);
            [LibraryImport] public static partial int Select(nint s, nint e, int m);
            [LibraryImport(null!)] public static partial int shutdown(nint s, int how);
            [LibraryImport("ws2_32.dll", "extra")] public static partial int NoParameters();
            [LibraryImport("ws2_32.dll", EntryPoint = "WSAEventSelect", EntryPoint = "shutdown")] public static partial int Generic<T>(nint s);
            [LibraryImport("ws2_32.dll")] public int Instance(nint s, nint e, int m) => 0;
            """,
        ["LocalFunctionAndInstanceExterns"] = """
            public int Instance(IntPtr s, IntPtr e, int m)
            {
                return WSAEventSelectLocal(s, e, m) + Other(s);
                [DllImport("ws2_32.dll", EntryPoint = "WSAEventSelect")] static extern int WSAEventSelectLocal(IntPtr s, IntPtr e, int m);
                [DllImport("ws2_32.dll", EntryPoint = "shutdown")] extern int Other(IntPtr s);
            }
            [DllImport("ws2_32.dll")] public static extern int WSAEventSelect(IntPtr s, IntPtr e, params int[] m);
            """,
    };

    public static TheoryData<string> DeclarationCases => CaseRunner.Names(Declarations);

    [Theory]
    [MemberData(nameof(DeclarationCases))]
    public Task BrokenBindings_DoNotCrashAnyAnalyzer(string name) =>
        CaseRunner.VerifyNoCrashAloneAsync(name, $$"""
            using System;
            using System.Runtime.InteropServices;

            partial class B
            {
            {{Declarations[name]}}
            }
            """ + Usage);

    [Fact]
    public Task AllBrokenBindings_InOneType_DoNotCrashAnyAnalyzer() =>
        CaseRunner.VerifyNoCrashAloneAsync("all", $$"""
            using System;
            using System.Runtime.InteropServices;

            partial class B
            {
            {{string.Join(Environment.NewLine, Declarations.Values)}}
            }
            """ + Usage);
}
