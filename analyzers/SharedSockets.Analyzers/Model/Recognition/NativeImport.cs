using System;
using Microsoft.CodeAnalysis;

namespace SharedSockets.Analyzers.Model;

/// <summary>The native library and entry point behind a P/Invoke method, however it is declared.</summary>
internal readonly struct NativeImport
{
    private const string LibraryImportAttributeName = "System.Runtime.InteropServices.LibraryImportAttribute";

    public NativeImport(string library, string entryPoint)
    {
        Library = library;
        EntryPoint = entryPoint;
    }

    /// <summary>The library, lower case, without folder or <c>.dll</c>: <c>ws2_32</c>, <c>kernel32</c>.</summary>
    public string Library { get; }

    public string EntryPoint { get; }

    /// <summary>Reads <c>[DllImport]</c> (source or metadata) and <c>[LibraryImport]</c> (source-generated) declarations.</summary>
    public static bool TryGet(IMethodSymbol method, out NativeImport import)
    {
        var dllImport = method.GetDllImportData();
        if (dllImport?.ModuleName is { } module)
        {
            import = new NativeImport(NormalizeLibrary(module), dllImport.EntryPointName ?? method.Name);
            return true;
        }

        // [LibraryImport] sits on the partial definition; the generator writes the implementation.
        var declaration = method.PartialDefinitionPart ?? method;
        foreach (var attribute in declaration.GetAttributes())
        {
            if (attribute.AttributeClass?.ToDisplayString() != LibraryImportAttributeName
                || attribute.ConstructorArguments.Length != 1
                || attribute.ConstructorArguments[0].Value is not string library)
            {
                continue;
            }

            var entryPoint = method.Name;
            foreach (var named in attribute.NamedArguments)
            {
                if (named.Key == "EntryPoint" && named.Value.Value is string value)
                {
                    entryPoint = value;
                }
            }

            import = new NativeImport(NormalizeLibrary(library), entryPoint);
            return true;
        }

        import = default;
        return false;
    }

    internal static string NormalizeLibrary(string module)
    {
        var name = module.Trim();
        var slash = Math.Max(name.LastIndexOf('/'), name.LastIndexOf('\\'));
        if (slash >= 0)
        {
            name = name.Substring(slash + 1);
        }

        if (name.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
        {
            name = name.Substring(0, name.Length - 4);
        }

        return name.ToLowerInvariant();
    }
}
