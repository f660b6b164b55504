using Messaging.Sdk.Smtp.Delivery;

namespace Messaging.Sdk.Smtp.Tests;

public sealed class SmtpTransactionTests
{
    [Fact]
    public void LogClient_WithTerminatorSplitAcrossWrites_DetectsEndOfData()
    {
        var transaction = new SmtpTransaction();
        transaction.Begin();

        Write(transaction, "Subject: x\r\n\r\nbody line\r\n");
        transaction.DataEnded.Should().BeFalse();
        Write(transaction, ".\r\n");

        transaction.DataEnded.Should().BeTrue();
    }

    [Fact]
    public void LogClient_WithTerminatorSplitAtAnyByte_DetectsEndOfDataOnlyOnceComplete()
    {
        var data = "Subject: x\r\n\r\n" + new string('y', 100) + "\r\n..stuffed\r\n\r\n.\r\n";
        for (var split = 1; split < data.Length; split++)
        {
            var transaction = new SmtpTransaction();
            transaction.Begin();

            Write(transaction, data[..split]);
            transaction.DataEnded.Should().Be(data[..split].EndsWith("\n.\r\n", StringComparison.Ordinal), $"split at {split}");
            Write(transaction, data[split..]);

            transaction.DataEnded.Should().BeTrue($"split at {split}");
        }
    }

    [Fact]
    public void LogClient_WithTerminatorSplitIntoSingleBytes_DetectsEndOfData()
    {
        var transaction = new SmtpTransaction();
        transaction.Begin();
        Write(transaction, "body\r\n");

        foreach (var c in ".\r")
        {
            Write(transaction, c.ToString());
        }

        transaction.DataEnded.Should().BeFalse();
        Write(transaction, "\n");

        transaction.DataEnded.Should().BeTrue();
    }

    [Fact]
    public void LogClient_WithTerminatorInsideALargeWrite_DetectsEndOfData()
    {
        var transaction = new SmtpTransaction();
        transaction.Begin();

        Write(transaction, new string('z', 5000) + "\r\n.\r\n");

        transaction.DataEnded.Should().BeTrue();
    }

    [Fact]
    public void LogClient_WithDotStuffedLinesAndCommands_DoesNotDetectEndOfData()
    {
        var transaction = new SmtpTransaction();
        transaction.Begin();

        Write(transaction, "MAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.org>\r\nDATA\r\n");
        Write(transaction, "line\r\n..leading dot\r\n...\r\n");

        transaction.DataEnded.Should().BeFalse();
    }

    [Fact]
    public void LogClient_WithBdatLast_DetectsEndOfData()
    {
        var transaction = new SmtpTransaction();
        transaction.Begin();

        Write(transaction, "BDAT 1024 LAST\r\n");

        transaction.DataEnded.Should().BeTrue();
    }

    [Fact]
    public void Begin_ResetsTheStateOfThePreviousTransaction()
    {
        var transaction = new SmtpTransaction();
        Write(transaction, "\r\n.\r\n");
        transaction.AddRefused(new MimeKit.MailboxAddress("", "a@example.org"), 550, "no");

        transaction.Begin();

        transaction.DataEnded.Should().BeFalse();
        transaction.Refused.Should().BeEmpty();
    }

    private static void Write(SmtpTransaction transaction, string text)
    {
        var bytes = System.Text.Encoding.ASCII.GetBytes(text);
        transaction.LogClient(bytes, 0, bytes.Length);
    }
}
