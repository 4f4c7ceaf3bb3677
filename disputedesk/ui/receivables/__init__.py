"""The unpaid-invoices area: receivables, aging, payments, dunning worklist, rates."""
