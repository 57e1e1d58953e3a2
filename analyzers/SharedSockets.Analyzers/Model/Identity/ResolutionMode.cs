namespace SharedSockets.Analyzers.Model;

/// <summary>How far the resolver follows a value.</summary>
internal enum ResolutionMode
{
    /// <summary>To the underlying socket: duplicates and Socket objects over a handle are the same socket.</summary>
    Socket,

    /// <summary>To the descriptor or Socket object: a duplicate, or another Socket over the handle, is another one.</summary>
    Descriptor,
}
