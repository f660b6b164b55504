namespace Messaging.Sdk;

/// <summary>What a server answered to a send; the base of <see cref="EmailSendResult"/> and <see cref="SmsSendResult"/>.</summary>
public abstract record SendResult
{
    /// <summary>Accepted, Rejected or Unknown.</summary>
    public required SendStatus Status { get; init; }

    /// <summary>The sender (transport registration) name that handled the message.</summary>
    public string? SenderName { get; init; }

    /// <summary>The transport that handled the message: <c>smtp</c>, <c>pickup</c>, <c>smpp</c>, <c>gsmmodem</c>, <c>inmemory</c>, ...; tells how to read <see cref="NativeCode"/>.</summary>
    public string? Transport { get; init; }

    /// <summary>The server's native code: the SMTP reply code, the SMPP command_status, the +CMS ERROR number; <see langword="null"/> when there was none.</summary>
    public int? NativeCode { get; init; }

    /// <summary>The server's native text (SMTP reply text, SMPP status name, modem error name), or <see langword="null"/>.</summary>
    public string? NativeText { get; init; }

    /// <summary>True when the rejection was transient (for example SMTP 4xx, SMPP throttling) and retrying later may succeed.</summary>
    public bool IsTransient { get; init; }

    /// <summary>True when the message was re-sent after an unknown outcome because at-least-once delivery was configured: it may arrive twice.</summary>
    public bool WasResent { get; init; }

    /// <summary>How many attempts the send took, including retries.</summary>
    /// <value>The default is 1.</value>
    public int Attempts { get; init; } = 1;

    /// <summary>True when <see cref="Status"/> is <see cref="SendStatus.Accepted"/>.</summary>
    public bool IsAccepted => Status == SendStatus.Accepted;

    /// <summary>Throws unless the message was accepted: for callers who want exceptions rather than statuses.</summary>
    /// <exception cref="MessageNotAcceptedException">The status is Rejected or Unknown.</exception>
    public void EnsureAccepted()
    {
        if (Status != SendStatus.Accepted)
        {
            throw new MessageNotAcceptedException(this);
        }
    }
}
