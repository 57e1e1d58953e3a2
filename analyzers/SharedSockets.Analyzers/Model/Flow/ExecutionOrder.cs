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

    // Rules ask many pairs in one body (every use after every hand-off): positions and reachable sets
    // are computed once per node and per block.
    private readonly Dictionary<SyntaxNode, (BasicBlock Block, int Index)> positions = new();
    private readonly Dictionary<BasicBlock, HashSet<BasicBlock>> reachable = new();
    private readonly HashSet<ControlFlowGraph> indexedGraphs = new();

    public bool CanRunAfter(SyntaxNode earlier, IOperation earlierRoot, SyntaxNode later, IOperation laterRoot)
    {
        if (earlierRoot != laterRoot || InsideFunction(earlier, earlierRoot) || InsideFunction(later, laterRoot)
            || GraphOf(earlierRoot) is not { } graph
            || PositionOf(graph, earlier) is not { } from
            || PositionOf(graph, later) is not { } to)
        {
            return earlier.SpanStart < later.SpanStart && !BranchRelations.AreMutuallyExclusive(earlier, later);
        }

        // Within one operation (two arguments of one call) evaluation runs left to right.
        if (from.Block == to.Block && (from.Index < to.Index || (from.Index == to.Index && earlier.Span.End <= later.SpanStart)))
        {
            return true;
        }

        if (!reachable.TryGetValue(from.Block, out var targets))
        {
            targets = ReachableFrom(from.Block);
            reachable[from.Block] = targets;
        }

        return targets.Contains(to.Block);
    }

    private (BasicBlock Block, int Index)? PositionOf(ControlFlowGraph graph, SyntaxNode node)
    {
        if (!indexedGraphs.Contains(graph))
        {
            IndexPositions(graph);
        }

        return positions.TryGetValue(node, out var position) ? position : null;
    }

    /// <summary>
    /// Maps every syntax node of the graph's operations to the innermost operation holding it, in one
    /// pass per graph: a constructor's implicit <c>base()</c> call carries the whole declaration as its
    /// syntax and must not swallow the statements.
    /// </summary>
    private void IndexPositions(ControlFlowGraph graph)
    {
        indexedGraphs.Add(graph);
        var lengths = new Dictionary<SyntaxNode, int>();
        foreach (var block in graph.Blocks)
        {
            for (var index = 0; index < block.Operations.Length; index++)
            {
                Index(block, index, block.Operations[index].Syntax);
            }

            if (block.BranchValue is { } branch)
            {
                Index(block, block.Operations.Length, branch.Syntax);
            }
        }

        void Index(BasicBlock block, int index, SyntaxNode syntax)
        {
            var length = syntax.Span.Length;
            foreach (var node in syntax.DescendantNodesAndSelf())
            {
                if (!lengths.TryGetValue(node, out var known) || length < known)
                {
                    lengths[node] = length;
                    positions[node] = (block, index);
                }
            }
        }
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

    /// <summary>Every block reachable from the end of <paramref name="start"/> (itself only through a loop).</summary>
    private static HashSet<BasicBlock> ReachableFrom(BasicBlock start)
    {
        var seen = new HashSet<BasicBlock>();
        var pending = new Stack<BasicBlock>();
        Push(start);
        while (pending.Count > 0)
        {
            Push(pending.Pop());
        }

        return seen;

        void Push(BasicBlock block)
        {
            foreach (var branch in new[] { block.FallThroughSuccessor, block.ConditionalSuccessor })
            {
                if (branch?.Destination is { } next && seen.Add(next))
                {
                    pending.Push(next);
                }
            }
        }
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
