using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SharedSockets.Packaging.Tests.Editor.Ide;

/// <summary>A code-fix provider and the analyzer reference (package file) it was loaded from.</summary>
public sealed record LoadedCodeFix(CodeFixProvider Provider, string ReferencePath)
{
    public override string ToString() => $"{Provider.GetType().FullName} from {ReferencePath}";
}

/// <summary>
/// Code-fix providers as an IDE finds them: in the project's analyzer references, loaded by the
/// workspace's own analyzer loader (so the fix assembly must load next to the analyzers it uses), and
/// only the classes exported with <see cref="ExportCodeFixProviderAttribute"/> for the project's language.
/// An IDE skips what does not load; <see cref="LoadFailures"/> says what was skipped.
/// </summary>
public sealed record ExportedCodeFixes(IReadOnlyList<LoadedCodeFix> Fixes, IReadOnlyList<string> LoadFailures)
{
    public static ExportedCodeFixes Of(Project project)
    {
        var fixes = new List<LoadedCodeFix>();
        var failures = new List<string>();
        foreach (var reference in project.AnalyzerReferences.OfType<AnalyzerFileReference>())
        {
            foreach (var type in LoadableTypes(reference, failures))
            {
                if (type is { IsClass: true, IsAbstract: false }
                    && typeof(CodeFixProvider).IsAssignableFrom(type)
                    && type.GetCustomAttribute<ExportCodeFixProviderAttribute>() is { } export
                    && export.Languages.Contains(project.Language, StringComparer.Ordinal))
                {
                    fixes.Add(new LoadedCodeFix((CodeFixProvider)Activator.CreateInstance(type)!, reference.FullPath));
                }
            }
        }

        return new ExportedCodeFixes(fixes, failures);
    }

    private static IEnumerable<Type> LoadableTypes(AnalyzerFileReference reference, List<string> failures)
    {
        try
        {
            return reference.GetAssembly().GetTypes();
        }
        catch (ReflectionTypeLoadException exception)
        {
            failures.Add($"{reference.FullPath}: {string.Join("; ", exception.LoaderExceptions.Select(e => e?.Message).Distinct())}");
            return exception.Types.OfType<Type>();
        }
        catch (Exception exception) when (exception is FileLoadException or FileNotFoundException or BadImageFormatException)
        {
            failures.Add($"{reference.FullPath}: {exception.Message}");
            return [];
        }
    }
}
