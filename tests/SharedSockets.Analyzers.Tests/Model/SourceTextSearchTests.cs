using System.Linq;
using Microsoft.CodeAnalysis.Text;
using SharedSockets.Analyzers.Model;
using Xunit;

namespace SharedSockets.Analyzers.Tests.Model;

public sealed class SourceTextSearchTests
{
    [Fact]
    public void FindAll_ReturnsEveryCaseInsensitivePositionInOrder()
    {
        const string text = "WSAEventSelect(s); setsockopt(s); var wsa = 1;";

        var positions = SourceTextSearch.FindAll(text, new[] { "sock", "wsa" });

        Assert.Equal(new[] { text.IndexOf("WSA"), text.IndexOf("sock"), text.LastIndexOf("wsa") }, positions);
    }

    [Fact]
    public void FindAll_WithoutAnyMatch_IsEmpty()
    {
        Assert.Empty(SourceTextSearch.FindAll("class Customer { }", new[] { "sock", "wsa" }));
    }

    [Theory]
    [InlineData(0, 5, true)]
    [InlineData(4, 1, true)]
    [InlineData(5, 5, false)]
    [InlineData(11, 10, true)]
    [InlineData(21, 5, false)]
    public void AnyWithin_FindsAPositionInsideTheSpanOnly(int start, int length, bool expected)
    {
        var positions = new[] { 4, 20 };

        Assert.Equal(expected, SourceTextSearch.AnyWithin(positions, new TextSpan(start, length)));
    }

    [Fact]
    public void WholeWordPositions_SkipsLongerWordsThatContainTheName()
    {
        const string text = "Register(s); Register2(s); MyRegister(s); x.Register(y);";

        var positions = SourceTextSearch.WholeWordPositions(text, "Register").ToArray();

        Assert.Equal(new[] { 0, text.IndexOf(".Register") + 1 }, positions);
    }

    [Fact]
    public void WordHashes_HasEveryIdentifierOfTheText_AndNotItsFragments()
    {
        var hashes = SourceTextSearch.WordHashes("Helper.Register_2(sock, 10);\nvoid Ünïcode() { }");

        foreach (var word in new[] { "Helper", "Register_2", "sock", "10", "void", "Ünïcode" })
        {
            Assert.Contains(SourceTextSearch.WordHash(word), hashes);
        }

        Assert.DoesNotContain(SourceTextSearch.WordHash("Register"), hashes);
        Assert.DoesNotContain(SourceTextSearch.WordHash("Helper.Register_2"), hashes);
    }

    [Fact]
    public void ContainsAny_FindsAWordSplitAcrossChunks()
    {
        var text = SourceText.From(new string(' ', 4094) + "setsockopt");

        Assert.True(SourceTextSearch.ContainsAny(text, new[] { "sock" }));
        Assert.False(SourceTextSearch.ContainsAny(text, new[] { "wsa" }));
    }
}
