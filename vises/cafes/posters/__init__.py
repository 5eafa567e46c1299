"""Printable marketing for the coordinators: posters (A4) and flyers (A5) in Swedish and the
participant languages, with QR codes to the sign-up (issue 9, point 4)."""
