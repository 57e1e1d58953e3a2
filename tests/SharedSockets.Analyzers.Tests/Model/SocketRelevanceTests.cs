using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SharedSockets.Analyzers.Model;
using SharedSockets.Analyzers.Tests.Verifiers;
using Xunit;

namespace SharedSockets.Analyzers.Tests.Model;

/// <summary>The text gate that decides which types get actions at all: it must let every socket user through.</summary>
public sealed class SocketRelevanceTests
{
    private const string Bindings = """
        using System;
        using System.Runtime.InteropServices;

        public static class Native
        {
            [DllImport("ws2_32.dll")] public static extern int WSAEventSelect(IntPtr s, IntPtr e, int mask);
        }
        """;

    private const string Wrappers = """
        using System;

        public static class Registrar
        {
            public static void Register(IntPtr s, IntPtr e) => Native.WSAEventSelect(s, e, 1);

            public static int Unrelated(int x) => x + 1;
        }
        """;

    [Fact]
    public void Terms_FindEveryNameTheApiTablesRecognise()
    {
        var names = NativeSocketApis.DeclarationNames
            .Concat(ManagedSocketApis.TypeNames)
            .Concat(ManagedSocketApis.MemberNames)
            .Where(name => name.Length >= 4)
            .ToList();

        Assert.Contains("WSAEventSelect", names);
        Assert.All(names, name => Assert.Contains(RelevanceTerms.All, term => name.IndexOf(term, System.StringComparison.OrdinalIgnoreCase) >= 0));
    }

    [Fact]
    public void Terms_AreReducedToWordsThatContainNoOtherWord()
    {
        var terms = RelevanceTerms.Reduce(new[] { "WSASocketW", "socket", "closesocket", "Ttl", "Shutdown" });

        Assert.Equal(new[] { "socket", "shutdown" }, terms);
        Assert.All(RelevanceTerms.All, term => Assert.DoesNotContain(RelevanceTerms.All, other => other != term && term.Contains(other)));
    }

    [Fact]
    public void TypeThatMentionsASocketApi_IsRelevant()
    {
        var relevance = RelevanceOf(out var compilation, Bindings, Wrappers);

        Assert.True(relevance.IsRelevant(Type(compilation, "Native")));
        Assert.True(relevance.IsRelevant(Type(compilation, "Registrar")));
        Assert.Contains("Register", relevance.CandidateWrapperNames);
        Assert.DoesNotContain("Unrelated", relevance.CandidateWrapperNames);
    }

    [Fact]
    public void TypeThatCallsAWrapperFromAFileWithoutSocketWords_IsRelevant()
    {
        const string caller = """
            public sealed class Worker
            {
                public void Start(System.IntPtr handle, System.IntPtr signal) => Registrar.Register(handle, signal);
            }
            """;

        var relevance = RelevanceOf(out var compilation, Bindings, Wrappers, caller);

        Assert.True(relevance.IsRelevant(Type(compilation, "Worker")));
    }

    [Fact]
    public void WrapperNameInACommentOrStringOrLongerName_DoesNotMakeATypeRelevant()
    {
        const string lookalike = """
            public sealed class Bystander
            {
                // Register is called elsewhere.
                public string Name => "Register";

                public void RegisterCustomer() { }
            }
            """;

        var relevance = RelevanceOf(out var compilation, Bindings, Wrappers, lookalike);

        Assert.False(relevance.IsRelevant(Type(compilation, "Bystander")));
    }

    [Fact]
    public void UsingSystemNetSockets_AloneDoesNotMakeATypeRelevant()
    {
        const string plain = """
            using System.Net.Sockets;

            public sealed class Customer
            {
                public string Name { get; set; } = "";
            }
            """;

        var relevance = RelevanceOf(out var compilation, plain);

        Assert.False(relevance.IsRelevant(Type(compilation, "Customer")));
        Assert.True(relevance.IsEmpty);
    }

    [Fact]
    public void NestedTypeThatMentionsASocket_IsRelevant_AndSoIsItsContainer()
    {
        const string nested = """
            public sealed class Outer
            {
                public sealed class Inner
                {
                    public System.Net.Sockets.Socket? Socket { get; set; }
                }
            }

            public sealed class Sibling { }
            """;

        var relevance = RelevanceOf(out var compilation, nested);

        Assert.True(relevance.IsRelevant(Type(compilation, "Outer+Inner")));
        Assert.True(relevance.IsRelevant(Type(compilation, "Outer")));
        Assert.False(relevance.IsRelevant(Type(compilation, "Sibling")));
    }

    [Fact]
    public void TopLevelStatementsThatMentionASocket_AreRelevant()
    {
        const string program = """
            using System.Net.Sockets;

            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            socket.Blocking = false;
            """;

        var relevance = RelevanceOf(out var compilation, program);

        Assert.True(relevance.IsRelevant(compilation.GetEntryPoint(default)!.ContainingType));
    }

    [Fact]
    public void SameTrees_InANewCompilation_GiveTheSameAnswer()
    {
        var first = RelevanceOf(out var compilation, Bindings, Wrappers, "public sealed class Plain { }");
        var second = SocketRelevance.Of(compilation.RemoveAllSyntaxTrees().AddSyntaxTrees(compilation.SyntaxTrees));

        Assert.Equal(first.RelevantDeclarationCount, second.RelevantDeclarationCount);
        Assert.Equal(first.CandidateWrapperNames.OrderBy(name => name), second.CandidateWrapperNames.OrderBy(name => name));
    }

    private static SocketRelevance RelevanceOf(out CSharpCompilation compilation, params string[] sources)
    {
        var trees = sources.Select((source, index) => CSharpSyntaxTree.ParseText(source, path: $"File{index}.cs")).ToArray();
        compilation = CSharpCompilation.Create(
            "Relevance",
            trees,
            TestReferences.Net,
            new CSharpCompilationOptions(sources.Any(source => source.Contains("var socket")) ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        Assert.Empty(compilation.GetDiagnostics().Where(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error));
        return SocketRelevance.Of(compilation);
    }

    private static INamedTypeSymbol Type(Compilation compilation, string metadataName) =>
        compilation.GetTypeByMetadataName(metadataName) ?? throw new Xunit.Sdk.XunitException($"No type {metadataName}.");
}
