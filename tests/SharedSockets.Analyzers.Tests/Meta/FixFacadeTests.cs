using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Xunit;

namespace SharedSockets.Analyzers.Tests.Meta;

/// <summary>
/// The code fixes see the analyzer assembly only through its façade: the public diagnostic property keys
/// and rule ids, the <c>FixSupport</c> folder, and the vocabulary the model speaks in. Read from the compiled
/// fix assembly's type references, so no use can hide behind <c>var</c>, an extension method or a using alias.
/// </summary>
public sealed class FixFacadeTests
{
    private const string AnalyzerAssemblyName = "SharedSockets.Analyzers";
    private const string FacadeNamespace = "SharedSockets.Analyzers.FixSupport";

    private static readonly HashSet<string> Vocabulary = new(StringComparer.Ordinal)
    {
        "SharedSockets.Analyzers.DiagnosticProperties",
        "SharedSockets.Analyzers.RuleIdentifiers",
        "SharedSockets.Analyzers.Model.SocketCall",
        "SharedSockets.Analyzers.Model.SocketApi",
        "SharedSockets.Analyzers.Model.ArgumentRole",
        "SharedSockets.Analyzers.Model.SocketOperationKind",
    };

    [Fact]
    public void FixAssembly_ReferencesOnlyTheFacadeAndTheVocabulary()
    {
        var referenced = AnalyzerTypesReferencedBy(ShippedAnalyzers.CodeFixAssembly.Location);

        Assert.NotEmpty(referenced);
        Assert.Empty(referenced.Where(name => !IsAllowed(name)).OrderBy(name => name, StringComparer.Ordinal));
    }

    [Fact]
    public void FixAssembly_UsesTheFacade()
    {
        var referenced = AnalyzerTypesReferencedBy(ShippedAnalyzers.CodeFixAssembly.Location);

        Assert.Contains(referenced, name => name.StartsWith(FacadeNamespace + ".", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("SharedSockets.Analyzers.FixSupport.SocketFixModel", true)]
    [InlineData("SharedSockets.Analyzers.Model.SocketCall", true)]
    [InlineData("SharedSockets.Analyzers.Model.SocketCompilation", false)]
    [InlineData("SharedSockets.Analyzers.Model.LoopStatements", false)]
    [InlineData("SharedSockets.Analyzers.Model.OperationExtensions", false)]
    [InlineData("SharedSockets.Analyzers.Rules.BlockingModeOnSharedSocketAnalyzer", false)]
    public void Allowed_SeparatesFacadeFromInternals(string name, bool allowed) =>
        Assert.Equal(allowed, IsAllowed(name));

    private static bool IsAllowed(string name) =>
        Vocabulary.Contains(name) || name.StartsWith(FacadeNamespace + ".", StringComparison.Ordinal);

    /// <summary>The full names of the types the assembly at <paramref name="path"/> references in the analyzer assembly.</summary>
    private static List<string> AnalyzerTypesReferencedBy(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        var names = new List<string>();
        foreach (var handle in metadata.TypeReferences)
        {
            var reference = metadata.GetTypeReference(handle);
            if (OutermostScope(metadata, reference) is { Kind: HandleKind.AssemblyReference } scope
                && metadata.GetString(metadata.GetAssemblyReference((AssemblyReferenceHandle)scope).Name) == AnalyzerAssemblyName)
            {
                names.Add(FullName(metadata, reference));
            }
        }

        return names;
    }

    private static EntityHandle? OutermostScope(MetadataReader metadata, TypeReference reference)
    {
        var scope = reference.ResolutionScope;
        while (scope.Kind == HandleKind.TypeReference)
        {
            scope = metadata.GetTypeReference((TypeReferenceHandle)scope).ResolutionScope;
        }

        return scope.IsNil ? null : scope;
    }

    private static string FullName(MetadataReader metadata, TypeReference reference)
    {
        var name = metadata.GetString(reference.Name);
        if (reference.ResolutionScope.Kind == HandleKind.TypeReference)
        {
            return FullName(metadata, metadata.GetTypeReference((TypeReferenceHandle)reference.ResolutionScope)) + "+" + name;
        }

        var ns = metadata.GetString(reference.Namespace);
        return ns.Length == 0 ? name : ns + "." + name;
    }
}
