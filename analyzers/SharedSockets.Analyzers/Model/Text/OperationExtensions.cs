using System;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SharedSockets.Analyzers.Model;

internal static class OperationExtensions
{
    private const int MaxDisplayLength = 80;

    /// <summary>The outermost operation: the whole method body, accessor or initializer.</summary>
    public static IOperation GetRoot(this IOperation operation)
    {
        var current = operation;
        while (current.Parent is { } parent)
        {
            current = parent;
        }

        return current;
    }

    /// <summary>Strips what does not change which object a value denotes: conversions, <c>out var</c> declarations, <c>&amp;x</c>.</summary>
    public static IOperation WithoutConversions(this IOperation operation)
    {
        var current = operation;
        while (true)
        {
            switch (current)
            {
                case IConversionOperation conversion:
                    current = conversion.Operand;
                    break;
                case IDeclarationExpressionOperation declaration:
                    current = declaration.Expression;
                    break;
                case IAddressOfOperation addressOf:
                    current = addressOf.Reference;
                    break;
                case IArgumentOperation argument:
                    current = argument.Value;
                    break;
                default:
                    return current;
            }
        }
    }

    /// <summary>True for <c>null</c>, <c>0</c>, <c>default</c>, <c>IntPtr.Zero</c>, <c>nint.Zero</c>: "no object".</summary>
    public static bool IsNullOrZero(this IOperation operation)
    {
        var value = operation.WithoutConversions();
        if (value is IDefaultValueOperation)
        {
            return true;
        }

        // IntPtr.Zero, nint.Zero, and the Null/Zero members of handle structs (CsWin32's HANDLE.Null).
        if (value is IMemberReferenceOperation { Member: { IsStatic: true, Name: "Zero" or "Null" } member }
            && member.ContainingType.IsValueType
            && SymbolEqualityComparer.Default.Equals(member.GetMemberType(), member.ContainingType))
        {
            return true;
        }

        var constant = operation.ConstantValue;
        if (!constant.HasValue)
        {
            constant = value.ConstantValue;
        }

        return constant.HasValue && (constant.Value is null || IsZero(constant.Value));
    }

    private static ITypeSymbol? GetMemberType(this ISymbol member) => member switch
    {
        IFieldSymbol field => field.Type,
        IPropertySymbol property => property.Type,
        _ => null,
    };

    public static bool IsZero(object value) => value switch
    {
        int i => i == 0,
        uint u => u == 0,
        long l => l == 0,
        ulong ul => ul == 0,
        short s => s == 0,
        ushort us => us == 0,
        byte b => b == 0,
        sbyte sb => sb == 0,
        _ => false,
    };

    /// <summary>Source text on one line, whitespace collapsed, shortened for a diagnostic message.</summary>
    public static string ToDisplayText(this SyntaxNode syntax)
    {
        var text = syntax.ToString();
        var builder = new StringBuilder(Math.Min(text.Length, MaxDisplayLength + 1));
        var lastWasSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                if (!lastWasSpace && builder.Length > 0)
                {
                    builder.Append(' ');
                }

                lastWasSpace = true;
                continue;
            }

            lastWasSpace = false;
            builder.Append(c);
            if (builder.Length > MaxDisplayLength)
            {
                builder.Length = MaxDisplayLength - 1;
                builder.Append('…');
                break;
            }
        }

        return builder.ToString();
    }

    /// <summary>Orders operations of one type the way a reader does: by file, then by position.</summary>
    public static int CompareSourceOrder(SyntaxNode left, SyntaxNode right)
    {
        var byFile = string.CompareOrdinal(left.SyntaxTree.FilePath, right.SyntaxTree.FilePath);
        return byFile != 0 ? byFile : left.SpanStart.CompareTo(right.SpanStart);
    }
}
