"""Default texts of the ten letters (English source; French in the `letters` catalogue).

A template is a subject and a body; paragraphs are separated by a blank line and
`{claim_table}` alone on a line places the table of amounts. The owner may replace any of
them per language (LetterService.save_template); these defaults come back on reset.

Formal notices carry every item practice requires (LEGAL-FR B.1): the words "formal notice"
(mise en demeure) in the subject, the facts (invoices or obligation), the precise demand, the
deadline, the consequences, and the signature (added by the page).
"""

from __future__ import annotations

from dataclasses import dataclass

from disputedesk.domain.letters import LetterKind
from disputedesk.i18n import N_, Translator


@dataclass(frozen=True)
class Template:
    subject: str
    body: str


DEFAULTS: dict[LetterKind, Template] = {
    LetterKind.ACKNOWLEDGEMENT: Template(
        N_("Your complaint of {received_date} (our reference {dispute_reference})"),
        N_(
            "We acknowledge receipt of your complaint of {received_date} concerning: "
            "{dispute_title}.\n\n"
            "We are looking into it carefully and will give you our answer by "
            "{deadline_date} at the latest.\n\n"
            "{mediator}"
        ),
    ),
    LetterKind.INFORMATION_REQUEST: Template(
        N_("Your complaint {dispute_reference}: information needed"),
        N_(
            "Following your complaint of {received_date} concerning {dispute_title}, we need "
            "the following information and evidence in order to examine it:\n\n"
            "- photographs showing the problem;\n"
            "- your order or invoice number;\n"
            "- any other document supporting your request.\n\n"
            "Please send them to us by {deadline_date}. As soon as we have received them, we "
            "will give you our answer."
        ),
    ),
    LetterKind.PROPOSAL: Template(
        N_("Our proposal in answer to your complaint {dispute_reference}"),
        N_(
            "We have carefully examined your complaint of {received_date} concerning "
            "{dispute_title}.\n\n"
            "{explanation}\n\n"
            "To settle this matter, we propose the following solution: {remedy}.\n\n"
            "Please let us know whether you accept this proposal by {deadline_date}.\n\n"
            "{mediator}"
        ),
    ),
    LetterKind.APOLOGY: Template(
        N_("Our apologies (your complaint {dispute_reference})"),
        N_(
            "We have examined your complaint of {received_date} concerning {dispute_title}, "
            "and we recognise that we did not meet your expectations. Please accept our "
            "sincere apologies.\n\n"
            "{explanation}\n\n"
            "As a goodwill gesture, we offer you: {remedy}.\n\n"
            "We have taken steps so that this does not happen again, and we hope to have the "
            "pleasure of serving you again soon."
        ),
    ),
    LetterKind.REFUSAL: Template(
        N_("Your complaint {dispute_reference}: our answer"),
        N_(
            "We have carefully examined your complaint of {received_date} concerning "
            "{dispute_title}.\n\n"
            "{explanation}\n\n"
            "For these reasons, we regret that we cannot grant your request.\n\n"
            "{mediator}"
        ),
    ),
    LetterKind.REMINDER_1: Template(
        N_("Payment reminder: {invoice_numbers}"),
        N_(
            "Unless we are mistaken, the following amount has not yet been paid:\n\n"
            "{claim_table}\n\n"
            "This is probably an oversight. We would be grateful if you could pay the sum of "
            "{total} by {deadline_date}.\n\n"
            "If you have paid in the meantime, please disregard this letter."
        ),
    ),
    LetterKind.REMINDER_2: Template(
        N_("Second payment reminder: {invoice_numbers}"),
        N_(
            "Despite our previous reminder, we have still not received payment of the "
            "following amount:\n\n"
            "{claim_table}\n\n"
            "We ask you to pay the sum of {total} by {deadline_date} at the latest.\n\n"
            "{late_payment}\n\n"
            "Without payment by that date, we will send you a formal notice to pay."
        ),
    ),
    LetterKind.NOTICE_TO_PAY: Template(
        N_("Formal notice to pay: {invoice_numbers}"),
        N_(
            "We invoiced you as follows: {invoices}. Although the due date has passed and "
            "despite our reminders, the following amount remains unpaid:\n\n"
            "{claim_table}\n\n"
            "By this letter, we give you formal notice to pay us the sum of {total} by "
            "{deadline_date} at the latest.\n\n"
            "{late_payment}\n\n"
            "Failing payment by that date, we will refer the matter to the competent court "
            "without further notice, in particular by an application for an order for payment "
            "(injonction de payer), to obtain payment of the sums due.\n\n"
            "This letter is a formal notice within the meaning of Article 1344 of the Civil Code."
        ),
    ),
    LetterKind.NOTICE_TO_PERFORM: Template(
        N_("Formal notice to perform: {dispute_title}"),
        N_(
            "Despite our previous exchanges concerning {dispute_title} (our reference "
            "{dispute_reference}), the following obligation has not been fulfilled: {remedy}.\n\n"
            "{explanation}\n\n"
            "By this letter, we give you formal notice to fulfil this obligation by "
            "{deadline_date} at the latest.\n\n"
            "Failing that, we will refer the matter to the competent court, without further "
            "notice, to obtain performance and compensation for our loss (Articles 1217 and "
            "1231 of the Civil Code).\n\n"
            "This letter is a formal notice within the meaning of Article 1344 of the Civil Code."
        ),
    ),
    LetterKind.AGREEMENT: Template(
        N_("Confirmation of our agreement: {dispute_title}"),
        N_(
            "Following our exchanges concerning {dispute_title} (our reference "
            "{dispute_reference}), we confirm the agreement we have reached:\n\n"
            "{remedy}\n\n"
            "Each party will carry out its commitments by {deadline_date}. Once they are "
            "carried out, both parties consider this dispute settled and will make no further "
            "claim concerning it.\n\n"
            "Please return a copy of this letter to us, dated and signed, with the words "
            "\u201cread and approved\u201d."
        ),
    ),
}


def default_template(kind: LetterKind, language: str) -> Template:
    gettext = Translator(language).gettext
    t = DEFAULTS[kind]
    return Template(gettext(t.subject), gettext(t.body))


# --- the cover letter of a referral packet (not an owner template) -----------------------
# Placeholders: shop_name, customer_name, dispute_reference, dispute_title, received_date,
# contents (the list of what the packet holds).

COVERS: dict[str, Template] = {
    "mediation": Template(
        N_("Dispute with {customer_name}: our file for the mediation (ref. {dispute_reference})"),
        N_(
            "Please find enclosed our file concerning the dispute between {customer_name} and "
            "{shop_name} (our reference {dispute_reference}): {dispute_title}. The written "
            "complaint of {received_date} could not be resolved between us.\n\n"
            "The file contains {contents}, numbered in the order of the list of exhibits.\n\n"
            "We are ready to take part in the mediation in good faith and remain at your "
            "disposal for any further information."
        ),
    ),
    "conciliation": Template(
        N_("Request for a conciliation attempt: dispute with {customer_name}"),
        N_(
            "We would like you to attempt a conciliation in the dispute between {shop_name} and "
            "{customer_name} (our reference {dispute_reference}): {dispute_title}. Our "
            "exchanges since {received_date} have not allowed us to reach an agreement.\n\n"
            "Please find enclosed our file, which contains {contents}, numbered in the order "
            "of the list of exhibits.\n\n"
            "We remain at your disposal to take part in a conciliation meeting."
        ),
    ),
    "proof": Template(
        N_("Dispute with {customer_name}: case file (ref. {dispute_reference})"),
        N_(
            "Please find enclosed the file of the dispute between {shop_name} and "
            "{customer_name} (our reference {dispute_reference}): {dispute_title}, which began "
            "on {received_date}. It records the amicable attempts made before any claim to "
            "the court (Code of Civil Procedure, Article 750-1).\n\n"
            "The file contains {contents}, numbered in the order of the list of exhibits.\n\n"
            "We remain at your disposal for any further information."
        ),
    ),
}


def cover_template(language: str, packet_kind: str = "mediation") -> Template:
    gettext = Translator(language).gettext
    t = COVERS.get(packet_kind, COVERS["proof"])
    return Template(gettext(t.subject), gettext(t.body))
