import functools
import subprocess

import lxml.html

from odoo import models
from odoo.addons.base.models.ir_actions_report import _get_wkhtmltopdf_bin

# Reports printed for many records at once (statements in bulk) that must not
# depend on how wkhtmltopdf was built.
ONE_DOCUMENT_MODELS = {"customer.statement"}
ARTICLE = "//div[contains(concat(' ', normalize-space(@class), ' '), ' article ')]"


@functools.cache
def _wkhtmltopdf_takes_one_document():
    """Debian's wkhtmltopdf is built on an unpatched Qt: it refuses more than one
    input document, which is how Odoo prints several records in one call."""
    try:
        out = subprocess.run(
            [_get_wkhtmltopdf_bin(), "--version"], capture_output=True, check=False, timeout=30
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return b"patched qt" not in out


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _render_qweb_pdf_prepare_streams(self, report_ref, data, res_ids=None):
        """With a one-document wkhtmltopdf, print our reports for several records
        as one document, a page break between them, instead of failing. (Odoo
        then returns the PDF whole rather than split per record, as it does for
        documents without outlines; these reports keep no attachments.)"""
        report = self._get_report(report_ref)
        one_document = (
            report.model in ONE_DOCUMENT_MODELS
            and res_ids
            and len(res_ids) > 1
            and _wkhtmltopdf_takes_one_document()
        )
        return super(
            IrActionsReport, self.with_context(customer_mgmt_one_document=bool(one_document))
        )._render_qweb_pdf_prepare_streams(report_ref, data, res_ids=res_ids)

    def _prepare_html(self, html, report_model=False):
        bodies, html_ids, header, footer, paperformat_args = super()._prepare_html(
            html, report_model=report_model
        )
        if self.env.context.get("customer_mgmt_one_document") and len(bodies) > 1:
            bodies = [self._join_bodies(bodies)]
        return bodies, html_ids, header, footer, paperformat_args

    @staticmethod
    def _join_bodies(bodies):
        """The articles of all bodies in the first one, each on a new page."""
        first = lxml.html.document_fromstring(bodies[0])
        last = first.xpath(ARTICLE)[-1]
        for body in bodies[1:]:
            for article in lxml.html.document_fromstring(body).xpath(ARTICLE):
                article.set("style", "page-break-before: always;")
                last.addnext(article)
                last = article
        return lxml.html.tostring(first, encoding="unicode", doctype="<!DOCTYPE html>")
