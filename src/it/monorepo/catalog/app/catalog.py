"""The catalog service's page."""


def page(title: str) -> str:
    """Return the HTML page the catalog service serves."""
    return f"<h1>{title}</h1><p>catalog service</p>"


if __name__ == "__main__":
    print(page("Catalog"))
