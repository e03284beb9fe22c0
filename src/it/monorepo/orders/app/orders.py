"""The orders service's page."""


def page(title: str) -> str:
    """Return the HTML page the orders service serves."""
    return f"<h1>{title}</h1><p>orders service</p>"


if __name__ == "__main__":
    print(page("Orders"))
