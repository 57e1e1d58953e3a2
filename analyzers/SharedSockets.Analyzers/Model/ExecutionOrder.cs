using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SharedSockets.Analyzers.Model;

/// <summary>
/// Answers "can <c>later</c> run after <c>earlier</c> has run?" for two places in one body, on the
/// body's control-flow graph: a <c>return</c> in a branch ends a path, a loop brings earlier code
/// round again. Code in lambdas and local functions runs on its own schedule, so there (and where
/// no graph can be built) the answer falls back to source order outside exclusive branches.
/// Graphs are built lazily, once per body, only for the rules that ask.
/// </summary>
internal sealed class ExecutionOrder
{
    private readonly Dictionary<IOperation, ControlFlowGraph?> graphs = new();

    public bool CanRunAfter(SyntaxNode earlier, IOperation earlierRoot, SyntaxNode later, IOperation laterRoot)
    {
        if (earlierRoot != laterRoot || InsideFunction(earlier, earlierRoot) || InsideFunction(later, laterRoot)
            || GraphOf(earlierRoot) is not { } graph
            || FindBlock(graph, earlier) is not { } from
            || FindBlock(graph, later) is not { } to)
        {
            return earlier.SpanStart < later.SpanStart && !BranchRelations.AreMutuallyExclusive(earlier, later);
        }

        if (from.Block == to.Block && from.Index < to.Index)
        {
            return true;
        }

        return Reaches(from.Block, to.Block);
    }

    private ControlFlowGraph? GraphOf(IOperation root)
    {
        if (!graphs.TryGetValue(root, out var graph))
        {
            graph = root switch
            {
                IMethodBodyOperation body => ControlFlowGraph.Create(body),
                IConstructorBodyOperation body => ControlFlowGraph.Create(body),
                IBlockOperation { Parent: null } block => ControlFlowGraph.Create(block),
                _ => null,
            };
            graphs[root] = graph;
        }

        return graph;
    }

    /// <summary>Whether <paramref name="target"/> is reachable from the end of <paramref name="start"/>.</summary>
    private static bool Reaches(BasicBlock start, BasicBlock target)
    {
        var seen = new HashSet<int>();
        var pending = new Stack<BasicBlock>();
        Push(start);
        while (pending.Count > 0)
        {
            var block = pending.Pop();
            if (block == target)
            {
                return true;
            }

            Push(block);
        }

        return false;

        void Push(BasicBlock block)
        {
            foreach (var branch in new[] { block.FallThroughSuccessor, block.ConditionalSuccessor })
            {
                if (branch?.Destination is { } next && seen.Add(next.Ordinal))
                {
                    pending.Push(next);
                }
            }
        }
    }

    private static (BasicBlock Block, int Index)? FindBlock(ControlFlowGraph graph, SyntaxNode node)
    {
        foreach (var block in graph.Blocks)
        {
            for (var index = 0; index < block.Operations.Length; index++)
            {
                if (block.Operations[index].Syntax.Span.Contains(node.Span))
                {
                    return (block, index);
                }
            }

            if (block.BranchValue is { } branch && branch.Syntax.Span.Contains(node.Span))
            {
                return (block, block.Operations.Length);
            }
        }

        return null;
    }

    private static bool InsideFunction(SyntaxNode node, IOperation root)
    {
        for (var current = node.Parent; current is not null && current != root.Syntax; current = current.Parent)
        {
            if (current is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)
            {
                return true;
            }
        }

        return false;
    }
}
