"""One Django app per management system (datacenter, onestop, assistance, eldercare, partymembers,
reports, callcenter) and what they share (approvals). Each arrives with its own issue."""
