using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace SharedSockets.Analyzers.Tests.Verification;

/// <summary>One test document: its file name and its parsed markup.</summary>
internal sealed record TestSource(string FileName, ParsedMarkup Markup);

/// <summary>Everything the test project is made of.</summary>
internal sealed record TestProjectDefinition(
    IReadOnlyList<TestSource> Sources,
    string? EditorConfig,
    OutputKind OutputKind,
    bool ReferenceShim,
    bool RunLibraryImportGenerator);

/// <summary>Builds the AdhocWorkspace project the verifier analyses and fixes.</summary>
internal static class TestWorkspaceFactory
{
    private const string ProjectName = "TestProject";

    /// <summary>
    /// Documents need absolute paths under one folder: that is how the .editorconfig next to them
    /// applies (severities reach the compilation through its SyntaxTreeOptionsProvider).
    /// </summary>
    public static string ProjectDirectory { get; } = OperatingSystem.IsWindows() ? @"C:\TestProject\" : "/TestProject/";

    /// <summary>Creates the project; the returned documents are in the order of <see cref="TestProjectDefinition.Sources"/>.</summary>
    public static (Project Project, ImmutableArray<DocumentId> Documents) Create(TestProjectDefinition definition)
    {
        // The workspace lives as long as its solution snapshots; nothing to dispose in an AdhocWorkspace without a host.
#pragma warning disable CA2000
        var workspace = new AdhocWorkspace();
#pragma warning restore CA2000
        var projectId = ProjectId.CreateNewId(ProjectName);

        var compilationOptions = new CSharpCompilationOptions(
            definition.OutputKind,
            allowUnsafe: true,
            nullableContextOptions: NullableContextOptions.Enable);
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest, DocumentationMode.Diagnose);

        var references = ReferenceAssemblies.Net;
        if (definition.ReferenceShim)
        {
            references = references.Add(ReferenceAssemblies.SharedSocketsShim);
        }

        var projectInfo = ProjectInfo.Create(
                projectId,
                VersionStamp.Default,
                name: ProjectName,
                assemblyName: ProjectName,
                language: LanguageNames.CSharp,
                filePath: ProjectDirectory + ProjectName + ".csproj",
                compilationOptions: compilationOptions,
                parseOptions: parseOptions,
                metadataReferences: references)
            .WithAnalyzerReferences(definition.RunLibraryImportGenerator
                ? [LibraryImportGenerator.AnalyzerReference]
                : ImmutableArray<AnalyzerReference>.Empty);

        var solution = workspace.CurrentSolution.AddProject(projectInfo);

        var documents = ImmutableArray.CreateBuilder<DocumentId>();
        foreach (var source in definition.Sources)
        {
            var documentId = DocumentId.CreateNewId(projectId, source.FileName);
            solution = solution.AddDocument(
                documentId,
                source.FileName,
                SourceText.From(source.Markup.Text),
                filePath: ProjectDirectory + source.FileName);
            documents.Add(documentId);
        }

        if (definition.EditorConfig is not null)
        {
            solution = solution.AddAnalyzerConfigDocument(
                DocumentId.CreateNewId(projectId, ".editorconfig"),
                ".editorconfig",
                SourceText.From(definition.EditorConfig),
                filePath: ProjectDirectory + ".editorconfig");
        }

        return (solution.GetProject(projectId)!, documents.ToImmutable());
    }

    /// <summary>Adds a <c>[*.cs]</c> section when the test gives bare <c>key = value</c> lines.</summary>
    public static string NormalizeEditorConfig(string contents)
    {
        var hasSection = contents
            .Split('\n')
            .Select(line => line.Trim())
            .Any(line => line.StartsWith('[') && line.EndsWith(']'));
        var body = hasSection ? contents : "[*.cs]\n" + contents;

        // root = true keeps the project's settings from depending on any real .editorconfig above it.
        return "root = true\n\n" + body + "\n";
    }
}
