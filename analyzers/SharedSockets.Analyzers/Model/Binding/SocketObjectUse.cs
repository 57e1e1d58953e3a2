using Microsoft.CodeAnalysis;

namespace SharedSockets.Analyzers.Model;

/// <summary>
/// One place where code touches a <c>Socket</c> object: a member of <c>Socket</c> called or read
/// through it, or the object passed where a <c>Socket</c> is expected. Unlike a <see cref="SocketCall"/>
/// it is not about what the member does, only that the object must still be open.
/// </summary>
internal readonly struct SocketObjectUse
{
    public SocketObjectUse(IOperation operation, IOperation receiver, bool releasesObject, bool isArgument)
    {
        Operation = operation;
        Receiver = receiver;
        ReleasesObject = releasesObject;
        IsArgument = isArgument;
    }

    /// <summary>The use as written: the invocation, the property read or assignment, or the call that receives the object.</summary>
    public IOperation Operation { get; }

    /// <summary>The operation that yields the <c>Socket</c> object (the receiver or the argument value).</summary>
    public IOperation Receiver { get; }

    /// <summary><c>Dispose()</c>/<c>Close()</c>: releasing a closed object again is harmless.</summary>
    public bool ReleasesObject { get; }

    /// <summary>The object is passed to a method or constructor rather than used through a member.</summary>
    public bool IsArgument { get; }

    public SyntaxNode Syntax => Operation.Syntax;
}
