using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SharedSockets.Packaging.Tests.Fixes;

/// <summary>One positive test of a rule: the sources its test compiles (markup removed), in a namespace of its own.</summary>
public sealed record PositiveCase(string RuleTests, string Method, IReadOnlyList<string> Sources);

/// <summary>
/// Every rule's positive cases, read from the rule tests themselves (<c>tests/SharedSockets.Analyzers.Tests/Rules/*AnalyzerTests.cs</c>,
/// not the <c>Valid</c> files): each test method's raw-string C# sources, with the <c>{|#0:…|}</c> / <c>[|…|]</c>
/// markup removed, so the consumer holds exactly what the rules are tested on, not a hand-picked subset.
/// Left out, and counted: interpolated sources (a theory fills them), tests whose sources expect compiler
/// errors, and tests with bindings of their own (they would clash with the shared ones).
/// </summary>
public static partial class PositiveCases
{
    private const string TestsFolder = "tests/SharedSockets.Analyzers.Tests";

    [GeneratedRegex(@"\{\|[^:|{}]*:|\|\}|\[\||\|\]")]
    private static partial Regex Markup();

    [GeneratedRegex(@"\{\|CS\d+:")]
    private static partial Regex CompilerErrorMarkup();

    public static (IReadOnlyList<PositiveCase> Cases, IReadOnlyList<string> Skipped) Read(string repositoryRoot)
    {
        var cases = new List<PositiveCase>();
        var skipped = new List<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(repositoryRoot, TestsFolder, "Rules"), "*AnalyzerTests.cs").Order(StringComparer.Ordinal))
        {
            var root = CSharpSyntaxTree.ParseText(File.ReadAllText(file)).GetCompilationUnitRoot();
            foreach (var method in root.DescendantNodes().OfType<MethodDeclarationSyntax>().Where(IsTest))
            {
                var name = $"{Path.GetFileNameWithoutExtension(file)}.{method.Identifier.ValueText}";
                if (method.DescendantNodes().OfType<InterpolatedStringExpressionSyntax>().Any(IsRawSource)
                    || method.DescendantNodes().OfType<AssignmentExpressionSyntax>().Any(UsesOwnBindings))
                {
                    skipped.Add(name);
                    continue;
                }

                var sources = method.DescendantTokens()
                    .Where(token => token.IsKind(SyntaxKind.MultiLineRawStringLiteralToken))
                    .Select(token => token.ValueText)
                    .Where(IsCSharp)
                    .ToList();
                if (sources.Count == 0 || sources.Any(source => CompilerErrorMarkup().IsMatch(source)))
                {
                    skipped.Add(name);
                    continue;
                }

                cases.Add(new PositiveCase(Path.GetFileNameWithoutExtension(file), method.Identifier.ValueText, sources.Select(source => Markup().Replace(source, string.Empty)).ToList()));
            }
        }

        return (cases, skipped);
    }

    /// <summary>The bindings every case compiles against: all of <c>InteropSources</c>' constants (their names do not clash).</summary>
    public static IReadOnlyList<(string Name, string Source)> Bindings(string repositoryRoot)
    {
        var root = CSharpSyntaxTree.ParseText(File.ReadAllText(Path.Combine(repositoryRoot, TestsFolder, "Interop", "InteropSources.cs"))).GetCompilationUnitRoot();
        return root.DescendantNodes().OfType<FieldDeclarationSyntax>()
            .SelectMany(field => field.Declaration.Variables)
            .Where(variable => variable.Initializer?.Value is LiteralExpressionSyntax)
            .Select(variable => (variable.Identifier.ValueText, ((LiteralExpressionSyntax)variable.Initializer!.Value).Token.ValueText))
            .ToList();
    }

    /// <summary>
    /// The case as one file: its declarations and usings inside <c>namespace <paramref name="ns"/></c> (so a case's
    /// own <c>NativeMethods</c> is the one its <c>using static</c> finds; a file-scoped namespace becomes a nested one).
    /// </summary>
    public static string InNamespace(string source, string ns)
    {
        var root = CSharpSyntaxTree.ParseText(source).GetCompilationUnitRoot();
        var members = root.Members.Select(member => member is FileScopedNamespaceDeclarationSyntax fileScoped
            ? SyntaxFactory.NamespaceDeclaration(fileScoped.Name, fileScoped.Externs, fileScoped.Usings, fileScoped.Members)
            : member);
        var wrapped = SyntaxFactory.NamespaceDeclaration(SyntaxFactory.ParseName(ns))
            .WithUsings(SyntaxFactory.List(root.Usings.Where(directive => directive.GlobalKeyword.IsKind(SyntaxKind.None))))
            .WithMembers(SyntaxFactory.List(members));
        return root
            .WithUsings(SyntaxFactory.List(root.Usings.Where(directive => !directive.GlobalKeyword.IsKind(SyntaxKind.None))))
            .WithMembers(SyntaxFactory.SingletonList<MemberDeclarationSyntax>(wrapped))
            .NormalizeWhitespace(eol: "\n").ToFullString();
    }

    private static bool IsTest(MethodDeclarationSyntax method) =>
        method.AttributeLists.SelectMany(list => list.Attributes).Any(attribute => attribute.Name.ToString() is "Fact" or "Theory");

    private static bool IsRawSource(InterpolatedStringExpressionSyntax interpolated) =>
        interpolated.StringStartToken.IsKind(SyntaxKind.InterpolatedMultiLineRawStringStartToken);

    /// <summary><c>Interop = VanaraKernel32</c>: bindings declared by the test itself, not one of <c>InteropSources</c>.</summary>
    private static bool UsesOwnBindings(AssignmentExpressionSyntax assignment) =>
        assignment.Left is IdentifierNameSyntax { Identifier.ValueText: "Interop" }
        && !assignment.Right.ToString().StartsWith("InteropSources.", StringComparison.Ordinal)
        && assignment.Right is not LiteralExpressionSyntax { RawKind: (int)SyntaxKind.NullLiteralExpression };

    /// <summary>C# declarations (not an .editorconfig or a message).</summary>
    private static bool IsCSharp(string text)
    {
        var tree = CSharpSyntaxTree.ParseText(Markup().Replace(text, string.Empty));
        var root = tree.GetCompilationUnitRoot();
        return !tree.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error)
               && root.Members.Count > 0
               && root.Members.All(member => member is not GlobalStatementSyntax);
    }
}
