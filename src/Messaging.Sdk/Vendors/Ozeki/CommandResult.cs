using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Messaging.Sdk.Vendors.Ozeki;

/// <summary>The response of an Ozeki HTTP API command: <c>Code</c>, <c>Message</c>, <c>EmailId</c> or <c>SmsId</c>, <c>NotificationName</c>.</summary>
/// <remarks>
/// <see cref="ToXml"/> writes the document Ozeki sends: root <c>Response</c> for SendEmail (and any other command) and
/// <c>OzApi_CommandResult_SendSms</c> for SendSms, each with the <c>xsi</c>/<c>xsd</c> namespace declarations in the
/// vendor's order. The vendor's published examples close <c>&lt;EmailId&gt;</c> with a second opening tag and close the
/// SendSms root as <c>OzApi_CommandResult_SencdSms</c>; those are typos in the documentation, and the SDK writes the
/// well-formed form.
/// </remarks>
public sealed record CommandResult
{
    private const string XsiNamespace = "http://www.w3.org/2001/XMLSchema-instance";
    private const string XsdNamespace = "http://www.w3.org/2001/XMLSchema";
    private const string SendSmsRoot = "OzApi_CommandResult_SendSms";
    private const string DefaultRoot = "Response";

    /// <summary>The command this answers, for example <see cref="OzekiCommands.SendSms"/>; decides the XML root element.</summary>
    public required string Command { get; init; }

    /// <summary>The status code.</summary>
    public required OzekiStatusCode Code { get; init; }

    /// <summary>The description of the code, worded as Ozeki words it.</summary>
    public required string Message { get; init; }

    /// <summary>The id of the sent e-mail (SendEmail, success only). The SDK uses the transport's message id, which need not be a GUID.</summary>
    public string? EmailId { get; init; }

    /// <summary>The id of the sent SMS (SendSms, success only): the transport's message id (SMPP message_id, modem reference), which need not be a GUID.</summary>
    public string? SmsId { get; init; }

    /// <summary>The name of the notification request type; optional. The SDK writes <c>SendOutcomeUnknown</c> here when the transport lost the answer.</summary>
    public string? NotificationName { get; init; }

    /// <summary>Why the request failed, in more words than <see cref="Message"/>; never written to the XML.</summary>
    public string? Detail { get; init; }

    /// <summary>The canonical result this was mapped from, or <see langword="null"/>; never written to the XML.</summary>
    public SendResult? SendResult { get; init; }

    /// <summary>True for code 200.</summary>
    public bool IsSuccess => Code == OzekiStatusCode.Ok;

    /// <summary>Creates a result whose message is the code's template filled with <paramref name="arguments"/>.</summary>
    /// <param name="command">The command answered.</param>
    /// <param name="code">The code.</param>
    /// <param name="arguments">The template arguments.</param>
    /// <returns>The result.</returns>
    public static CommandResult Create(string command, OzekiStatusCode code, params string?[] arguments)
        => new() { Command = command, Code = code, Message = OzekiStatusCodes.FormatMessage(code, arguments) };

    /// <summary>Creates the 302 InvalidParameter result naming <paramref name="parameter"/>.</summary>
    /// <param name="command">The command answered.</param>
    /// <param name="parameter">The parameter, spelt as in the API (for example <c>Recipient</c>).</param>
    /// <param name="detail">What is wrong with it; kept in <see cref="Detail"/>.</param>
    /// <returns>The result.</returns>
    public static CommandResult InvalidParameter(string command, string parameter, string? detail = null)
        => Create(command, OzekiStatusCode.InvalidParameter, parameter, command) with { Detail = detail };

    /// <summary>Writes the XML response document (declaration <c>&lt;?xml version="1.0"?&gt;</c>, indented).</summary>
    /// <returns>The XML.</returns>
    public string ToXml()
    {
        var sendSms = string.Equals(Command, OzekiCommands.SendSms, StringComparison.OrdinalIgnoreCase);
        var builder = new StringBuilder("<?xml version=\"1.0\"?>\n");
        var settings = new XmlWriterSettings { OmitXmlDeclaration = true, Indent = true, IndentChars = "  ", NewLineChars = "\n" };
        using (var writer = XmlWriter.Create(builder, settings))
        {
            writer.WriteStartElement(sendSms ? SendSmsRoot : DefaultRoot);

            // The vendor declares the two prefixes in a different order per root; kept for byte-level fidelity.
            if (sendSms)
            {
                writer.WriteAttributeString("xmlns", "xsd", null, XsdNamespace);
                writer.WriteAttributeString("xmlns", "xsi", null, XsiNamespace);
            }
            else
            {
                writer.WriteAttributeString("xmlns", "xsi", null, XsiNamespace);
                writer.WriteAttributeString("xmlns", "xsd", null, XsdNamespace);
            }

            writer.WriteElementString("Code", ((int)Code).ToString(CultureInfo.InvariantCulture));
            writer.WriteElementString("Message", Message);
            if (EmailId is not null)
            {
                writer.WriteElementString("EmailId", EmailId);
            }

            if (SmsId is not null)
            {
                writer.WriteElementString("SmsId", SmsId);
            }

            if (NotificationName is not null)
            {
                writer.WriteElementString("NotificationName", NotificationName);
            }

            writer.WriteEndElement();
        }

        return builder.ToString();
    }

    /// <summary>Reads an Ozeki XML response (either root element).</summary>
    /// <param name="xml">The XML document.</param>
    /// <returns>The result; <see cref="Command"/> is SendSms for the SendSms root or an <c>SmsId</c> element, else SendEmail.</returns>
    /// <exception cref="FormatException">The document is not well-formed or lacks <c>Code</c> / <c>Message</c>.</exception>
    public static CommandResult ParseXml(string xml)
    {
        ArgumentNullException.ThrowIfNull(xml);
        XElement root;
        try
        {
            root = XDocument.Parse(xml).Root ?? throw new FormatException("The Ozeki response has no root element.");
        }
        catch (XmlException ex)
        {
            throw new FormatException($"The Ozeki response is not well-formed XML: {ex.Message}", ex);
        }

        var codeText = root.Element("Code")?.Value.Trim();
        if (!int.TryParse(codeText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var code))
        {
            throw new FormatException($"The Ozeki response has no numeric <Code> (found '{codeText}').");
        }

        var message = root.Element("Message")?.Value ?? throw new FormatException("The Ozeki response has no <Message>.");
        var smsId = root.Element("SmsId")?.Value.Trim();
        var isSms = root.Name.LocalName == SendSmsRoot || smsId is not null;
        return new CommandResult
        {
            Command = isSms ? OzekiCommands.SendSms : OzekiCommands.SendEmail,
            Code = (OzekiStatusCode)code,
            Message = message.Trim(),
            EmailId = root.Element("EmailId")?.Value.Trim(),
            SmsId = smsId,
            NotificationName = root.Element("NotificationName")?.Value.Trim(),
        };
    }

    /// <summary>A short description, safe to log.</summary>
    /// <returns>The description.</returns>
    public override string ToString()
        => string.Create(CultureInfo.InvariantCulture, $"CommandResult {{ Command = {Command}, Code = {(int)Code}, Message = {Message}, EmailId = {EmailId}, SmsId = {SmsId} }}");
}
