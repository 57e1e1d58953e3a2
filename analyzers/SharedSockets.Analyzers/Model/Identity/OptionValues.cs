using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace SharedSockets.Analyzers.Model;

/// <summary>
/// The constant an option value, blocking flag or ioctl argument passes, followed through locals.
/// <c>setsockopt</c>/<c>ioctlsocket</c>/<c>WSAIoctl</c> take their input by reference only for
/// marshalling (they never write it back for options or FIONBIO), so a local passed to an earlier such
/// call keeps its value: <c>int size = 65536; setsockopt(a, …, ref size, 4); setsockopt(b, …, ref size, 4);</c>.
/// One instance per type model; not thread-safe (a type is analysed on one thread).
/// </summary>
internal sealed class OptionValues
{
    private const int MaxHops = 4096;

    private readonly SocketTypeModel model;
    private readonly Dictionary<IOperation, long?> known = new();
    private Dictionary<SyntaxNode, SocketCall>? inputArguments;

    public OptionValues(SocketTypeModel model) => this.model = model;

    /// <summary>The value as a 64-bit number (<c>true</c> is 1), or null when it is not known.</summary>
    public long? ConstantOf(IOperation? value)
    {
        // A local reused by many calls is a chain of hops: follow it once, remember every link.
        var chain = new List<IOperation>();
        long? result = null;
        for (var current = value; current is not null;)
        {
            if (known.TryGetValue(current, out var remembered))
            {
                result = remembered;
                break;
            }

            chain.Add(current);
            if (chain.Count > MaxHops)
            {
                break;
            }

            if (Literal(current) is { } literal)
            {
                result = literal;
                break;
            }

            var identity = model.Resolver.Resolve(current);

            // The resolver folds 0, false-like defaults and IntPtr.Zero into "no object".
            if (identity.Kind == IdentityKind.Null)
            {
                result = 0;
                break;
            }

            if (identity.Kind == IdentityKind.Constant && identity.Root is { } constant)
            {
                result = TryToInt64(constant, out var number) ? number : null;
                break;
            }

            // The local was last "written" as the input of an earlier option/ioctl call: read what reached that one.
            current = identity is { Kind: IdentityKind.Creation, Root: ArgumentSyntax argument }
                      && InputArguments().TryGetValue(argument, out var call)
                ? call[ArgumentRole.Value]
                : null;
        }

        foreach (var link in chain)
        {
            known[link] = result;
        }

        return result;
    }

    /// <summary>Numbers of any integral type (wrapped to 64 bits), decimals from constant folding, and booleans as 1/0.</summary>
    public static bool TryToInt64(object value, out long number)
    {
        switch (value)
        {
            case bool flag:
                number = flag ? 1 : 0;
                return true;
            case ulong unsigned:
                number = unchecked((long)unsigned);
                return true;
            case decimal exact when exact == decimal.Truncate(exact) && exact >= long.MinValue && exact <= ulong.MaxValue:
                number = exact > long.MaxValue ? unchecked((long)(ulong)exact) : (long)exact;
                return true;
            case int or uint or long or short or ushort or byte or sbyte or char:
                number = System.Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
                return true;
            default:
                number = 0;
                return false;
        }
    }

    /// <summary>Byte buffers built in place: <c>BitConverter.GetBytes(1)</c>, <c>new byte[] { 1, 0, 0, 0 }</c> (little-endian).</summary>
    private static long? Literal(IOperation value)
    {
        var operation = value.WithoutConversions();
        if (operation is IInvocationOperation { TargetMethod: { Name: "GetBytes", ContainingType.Name: "BitConverter" }, Arguments.Length: 1 } getBytes
            && getBytes.Arguments[0].Value.ConstantValue is { HasValue: true, Value: { } number }
            && TryToInt64(number, out var converted))
        {
            return converted;
        }

        if (operation is IArrayCreationOperation { Initializer: { } initializer } && initializer.ElementValues.Length is > 0 and <= 8)
        {
            long result = 0;
            for (var index = initializer.ElementValues.Length - 1; index >= 0; index--)
            {
                if (initializer.ElementValues[index].ConstantValue is not { HasValue: true, Value: { } element } || !TryToInt64(element, out var part))
                {
                    return null;
                }

                result = (result << 8) | (part & 0xff);
            }

            return result;
        }

        return null;
    }

    private Dictionary<SyntaxNode, SocketCall> InputArguments()
    {
        if (inputArguments is null)
        {
            inputArguments = new Dictionary<SyntaxNode, SocketCall>();
            foreach (var call in model.Calls)
            {
                if (call.Kind is SocketOperationKind.SetOption or SocketOperationKind.IoctlSocket or SocketOperationKind.Ioctl
                    && call[ArgumentRole.Value]?.Syntax.Parent is ArgumentSyntax argument)
                {
                    inputArguments[argument] = call;
                }
            }
        }

        return inputArguments;
    }
}
