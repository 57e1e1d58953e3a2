using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SharedSockets.Analyzers.Model;

/// <summary>
/// Whether a process id denotes the current process: <c>Environment.ProcessId</c>,
/// <c>Process.GetCurrentProcess().Id</c>, <c>GetCurrentProcessId()</c> (any binding), directly or
/// through the local, field or property that holds it. A duplicate for the current process is another
/// descriptor in this process, not a hand-off to another one.
/// </summary>
internal static class CurrentProcess
{
    // Deep enough for `var pid = …; var target = pid;`; bounds cycles between fields.
    private const int MaxDepth = 8;

    public static bool IsCurrentProcessId(IOperation processId, SocketTypeModel model) => Is(processId, model, depth: 0);

    private static bool Is(IOperation value, SocketTypeModel model, int depth)
    {
        var operation = value.WithoutConversions();
        switch (operation)
        {
            case IPropertyReferenceOperation { Property: { Name: "ProcessId", IsStatic: true } property }
                when IsSystemType(property.ContainingType, "System", "Environment"):
                return true;
            case IPropertyReferenceOperation { Property.Name: "Id", Instance: IInvocationOperation { TargetMethod: { Name: "GetCurrentProcess" } method } }
                when IsSystemType(method.ContainingType, "System.Diagnostics", "Process"):
                return true;
            case IInvocationOperation { TargetMethod.Name: "GetCurrentProcessId", Arguments.Length: 0 }:
                return true;
        }

        if (depth >= MaxDepth || WriteIndex.StorageOf(operation) is not { } storage)
        {
            return false;
        }

        var write = storage.Kind is SymbolKind.Field or SymbolKind.Property
            ? model.Writes.SingleWriteOfMember(storage)
            : model.Writes.Reaching(storage, operation);
        return write?.Value is { } written && Is(written, model, depth + 1);
    }

    private static bool IsSystemType(INamedTypeSymbol? type, string ns, string name) =>
        type is not null && type.Name == name && type.ContainingNamespace?.ToDisplayString() == ns;
}
