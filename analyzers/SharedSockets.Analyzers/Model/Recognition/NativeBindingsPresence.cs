using Microsoft.CodeAnalysis;

namespace SharedSockets.Analyzers.Model;

/// <summary>
/// The cheap compilation-start check: can anything here bind Winsock? Source declarations are found
/// through the compiler's name table, renamed imports (<c>EntryPoint = "WSAEventSelect"</c> on a
/// method called <c>Select</c>) by the library name in the source text; referenced libraries (an
/// interop project, Vanara) by their types' member names. Framework assemblies are skipped: they
/// declare no public Winsock bindings.
/// </summary>
internal static class NativeBindingsPresence
{
    private static readonly string[] LibraryNames = { NativeSocketApis.Winsock, NativeSocketApis.Kernel32 };

    public static bool Detect(Compilation compilation)
    {
        if (compilation.ContainsSymbolsWithName(name => NativeSocketApis.DeclarationNames.Contains(name), SymbolFilter.Member))
        {
            return true;
        }

        foreach (var tree in compilation.SyntaxTrees)
        {
            if (SourceTextSearch.ContainsAny(tree.GetText(), LibraryNames))
            {
                return true;
            }
        }

        foreach (var reference in compilation.References)
        {
            if (compilation.GetAssemblyOrModuleSymbol(reference) is IAssemblySymbol assembly
                && !IsFrameworkAssembly(assembly)
                && DeclaresBindingNames(assembly.GlobalNamespace))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsFrameworkAssembly(IAssemblySymbol assembly)
    {
        var name = assembly.Identity.Name;
        return name is "mscorlib" or "netstandard" or "System"
               || name.StartsWith("System.", System.StringComparison.Ordinal)
               || name.StartsWith("Microsoft.", System.StringComparison.Ordinal);
    }

    private static bool DeclaresBindingNames(INamespaceSymbol ns)
    {
        foreach (var type in ns.GetTypeMembers())
        {
            if (DeclaresBindingNames(type))
            {
                return true;
            }
        }

        foreach (var child in ns.GetNamespaceMembers())
        {
            if (DeclaresBindingNames(child))
            {
                return true;
            }
        }

        return false;
    }

    private static bool DeclaresBindingNames(INamedTypeSymbol type)
    {
        foreach (var name in type.MemberNames)
        {
            if (NativeSocketApis.DeclarationNames.Contains(name))
            {
                return true;
            }
        }

        foreach (var nested in type.GetTypeMembers())
        {
            if (DeclaresBindingNames(nested))
            {
                return true;
            }
        }

        return false;
    }
}
