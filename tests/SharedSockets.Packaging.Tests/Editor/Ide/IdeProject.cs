using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.MSBuild;

namespace SharedSockets.Packaging.Tests.Editor.Ide;

/// <summary>
/// A project opened the way an IDE opens it: MSBuildWorkspace's design-time build of the restored
/// project file, with the analyzers and code fixes of its analyzer references (its packages and the
/// SDK's), and nothing this test assembly brings itself.
/// </summary>
public sealed class IdeProject : IDisposable
{
    private readonly MSBuildWorkspace _workspace;

    private IdeProject(MSBuildWorkspace workspace, Project project)
    {
        _workspace = workspace;
        Project = project;
        Analyzers = [.. project.AnalyzerReferences.SelectMany(reference => reference.GetAnalyzers(project.Language))];
        CodeFixes = ExportedCodeFixes.Of(project);
    }

    public Project Project { get; }

    public IReadOnlyList<DiagnosticAnalyzer> Analyzers { get; }

    public ExportedCodeFixes CodeFixes { get; }

    /// <summary>What went wrong while loading (design-time build failures, unresolved references).</summary>
    public IReadOnlyList<WorkspaceDiagnostic> LoadDiagnostics => _workspace.Diagnostics;

    public static Task<IdeProject> OpenAsync(string projectPath, CancellationToken cancellationToken)
    {
        MSBuildRegistration.EnsureRegistered();
        return OpenRegisteredAsync(projectPath, cancellationToken);
    }

    public void Dispose() => _workspace.Dispose();

    // Not inlined into OpenAsync: compiling it loads MSBuild types, which must wait for the registration.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<IdeProject> OpenRegisteredAsync(string projectPath, CancellationToken cancellationToken)
    {
        var workspace = MSBuildWorkspace.Create();
        try
        {
            var project = await workspace.OpenProjectAsync(projectPath, cancellationToken: cancellationToken).ConfigureAwait(false);
            return new IdeProject(workspace, project);
        }
        catch
        {
            workspace.Dispose();
            throw;
        }
    }
}
