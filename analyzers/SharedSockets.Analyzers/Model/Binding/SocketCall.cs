using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace SharedSockets.Analyzers.Model;

/// <summary>
/// One use of a recognised socket API at a call site of the analysed code, with each role bound to
/// the operation that supplies it. Through a project wrapper the call site is the wrapper call and
/// roles the wrapper fixes itself are bound to operations inside the wrapper's body.
/// </summary>
internal sealed class SocketCall
{
    private readonly ImmutableDictionary<ArgumentRole, IOperation> arguments;

    public SocketCall(SocketApi api, IOperation operation, ImmutableDictionary<ArgumentRole, IOperation> arguments, IMethodSymbol? wrapper)
    {
        Api = api;
        Operation = operation;
        this.arguments = arguments;
        Wrapper = wrapper;
        Root = operation.GetRoot();
    }

    public SocketApi Api { get; }

    public SocketOperationKind Kind => Api.Kind;

    /// <summary>The operation at the call site (invocation, object creation or property assignment).</summary>
    public IOperation Operation { get; }

    /// <summary>The project method the API was reached through, if any.</summary>
    public IMethodSymbol? Wrapper { get; }

    /// <summary>The executable body (method, accessor, initializer) that contains the call site.</summary>
    public IOperation Root { get; }

    public SyntaxNode Syntax => Operation.Syntax;

    public Location Location => Operation.Syntax.GetLocation();

    public IOperation? this[ArgumentRole role] => arguments.TryGetValue(role, out var value) ? value : null;

    public bool Has(ArgumentRole role) => arguments.ContainsKey(role);

    /// <summary>The call as written, on one line and shortened, for messages.</summary>
    public string Display => Syntax.ToDisplayText();
}
